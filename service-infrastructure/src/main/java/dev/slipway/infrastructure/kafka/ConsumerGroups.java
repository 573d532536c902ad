package dev.slipway.infrastructure.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Where a consumer group starts. The services' listeners start a group without committed offsets
 * at the earliest record; against a broker that already holds other events (a test suite's, a
 * previous installation's) a new installation would replay all of them. Positioning a new group at
 * the end first makes it start from now, and leaves a group that has committed offsets alone, so
 * nothing accepted before a restart is skipped.
 */
public final class ConsumerGroups {
    private ConsumerGroups() {
    }

    /** Positions the group at the current end of the topics, whatever it had committed. */
    public static void startAtEnd(String bootstrapServers, String group, List<String> topics)
            throws ExecutionException, InterruptedException {
        try (Admin admin = connect(bootstrapServers)) {
            startAtEnd(admin, group, topics);
        }
    }

    /** @return true when the group had no committed offsets and now starts at the end */
    public static boolean startNewGroupAtEnd(String bootstrapServers, String group, List<String> topics)
            throws ExecutionException, InterruptedException {
        try (Admin admin = connect(bootstrapServers)) {
            if (!admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().isEmpty()) {
                return false;
            }
            startAtEnd(admin, group, topics);
            return true;
        }
    }

    private static void startAtEnd(Admin admin, String group, List<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(group, offsets).all().get();
    }

    private static Admin connect(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
