package dev.slipway.events.testing;

import io.micronaut.configuration.kafka.ConsumerRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import io.micronaut.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A listener with {@code offsetReset = LATEST} sees only what arrives after its partitions are
 * assigned. Tests wait for that before they act, instead of sleeping.
 */
public final class Listeners {
    private Listeners() {
    }

    /**
     * Commits offsets at the current end of each topic for {@code groupId}, before a service with
     * that consumer group starts. The service then processes only what the test sends, never the
     * history that other tests (and earlier runs) left on the shared broker, whatever its
     * {@code offsetReset}. Use a group id unique to the test class.
     */
    public static void startAtEnd(String groupId, String... topics) {
        TopicReader.ensurePipelineTopics();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription description : admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not position consumer group " + groupId + " at the end of " + List.of(topics), e);
        }
    }

    private static boolean allAssigned(ConsumerRegistry registry) {
        try {
            return !registry.getConsumerIds().isEmpty() && registry.getConsumerIds().stream()
                    .allMatch(id -> !registry.getConsumerAssignment(id).isEmpty());
        } catch (IllegalArgumentException notYetRegistered) {
            // A consumer can be listed a moment before micronaut-kafka records its first assignment.
            return false;
        }
    }

    public static void awaitAssignment(ApplicationContext context, Duration timeout) {
        ConsumerRegistry registry = context.getBean(ConsumerRegistry.class);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (allAssigned(registry)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Kafka listeners " + registry.getConsumerIds() + " were not assigned partitions within " + timeout);
    }
}
