package dev.slipway.webhook.http;

import dev.slipway.webhook.trigger.DeliveryAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * {@code slipway_webhook_deliveries_total{provider,event,outcome}} and
 * {@code slipway_webhook_acknowledge_seconds{provider,outcome}}. Event names come from request
 * headers, so only the names a provider is known to send become tags; the rest count as {@code other}.
 */
@Singleton
public class DeliveryMetrics {
    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String source, String event, Outcome outcome, Duration elapsed) {
        Counter.builder("slipway.webhook.deliveries")
                .description("Deliveries and build requests received, by provider, event and outcome")
                .tag("provider", source).tag("event", event).tag("outcome", outcome.tag())
                .register(registry).increment();
        Timer.builder("slipway.webhook.acknowledge")
                .description("Time from receiving a delivery to answering it (for accepted ones: until the broker acknowledged the event)")
                .tag("provider", source).tag("outcome", outcome.tag())
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(elapsed);
    }

    /** What became of a delivery, as a metric tag. */
    public enum Outcome {
        ACCEPTED, DUPLICATE, IGNORED, PONG, UNAUTHENTICATED, INVALID, TOO_LARGE, NOT_FOUND, BROKER_UNAVAILABLE, GIT_UNAVAILABLE, BUSY, ERROR;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Outcome of(DeliveryAnswer answer) {
            return switch (answer.status()) {
                case DeliveryAnswer.ACCEPTED -> ACCEPTED;
                case DeliveryAnswer.DUPLICATE -> DUPLICATE;
                case DeliveryAnswer.PONG -> PONG;
                default -> IGNORED;
            };
        }
    }
}
