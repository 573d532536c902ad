package dev.slipway.events.testing;

import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;

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
        java.util.Map<String, Object> config = java.util.Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (var description : admin.describeTopics(java.util.List.of(topics)).allTopicNames().get().values()) {
                description.partitions().forEach(p -> latest.put(
                        new org.apache.kafka.common.TopicPartition(description.name(), p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
            }
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) ->
                    offsets.put(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not position consumer group " + groupId + " at the end of " + java.util.List.of(topics), e);
        }
    }

    public static void awaitAssignment(ApplicationContext context, Duration timeout) {
        ConsumerRegistry registry = context.getBean(ConsumerRegistry.class);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            boolean allAssigned = !registry.getConsumerIds().isEmpty() && registry.getConsumerIds().stream()
                    .allMatch(id -> !registry.getConsumerAssignment(id).isEmpty());
            if (allAssigned) {
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
