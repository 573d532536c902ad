package dev.slipway.events.testing;

import dev.slipway.events.kafka.ConsumerGroups;
import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        try {
            ConsumerGroups.startAtEnd(LocalStack.kafkaBootstrapServers(), groupId, List.of(topics));
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
