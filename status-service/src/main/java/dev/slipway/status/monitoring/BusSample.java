package dev.slipway.status.monitoring;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bus at one moment: every partition's first and next offset, and each pipeline consumer
 * group's committed offsets (a partition the group never committed is absent).
 */
record BusSample(Instant time, Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end,
                 Map<PipelineConsumer, String> groups, Map<PipelineConsumer, Map<TopicPartition, Long>> committed) {

    List<TopicPartition> partitions(String topic) {
        return end.keySet().stream().filter(p -> p.topic().equals(topic))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    /** Where the group stands in the partition: its commit, or the first offset when it has none (or retention passed it). */
    long position(PipelineConsumer consumer, TopicPartition partition) {
        long first = begin.getOrDefault(partition, 0L);
        Long commit = committed.getOrDefault(consumer, Map.of()).get(partition);
        return commit == null ? first : Math.max(commit, first);
    }

    long lag(PipelineConsumer consumer, TopicPartition partition) {
        return Math.max(0, end.getOrDefault(partition, 0L) - position(consumer, partition));
    }

    long records(TopicPartition partition) {
        return Math.max(0, end.getOrDefault(partition, 0L) - begin.getOrDefault(partition, 0L));
    }
}
