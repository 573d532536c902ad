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
