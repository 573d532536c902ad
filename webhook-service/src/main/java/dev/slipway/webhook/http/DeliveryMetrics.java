package dev.slipway.webhook.http;

import dev.slipway.webhook.trigger.DeliveryAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code slipway_webhook_deliveries_total{provider,event,outcome}} and
 * {@code slipway_webhook_acknowledge_seconds{provider,outcome}}. Event names come from request
 * headers, so only the names a provider is known to send become tags; the rest count as {@code other}.
 */
@Singleton
public class DeliveryMetrics {
    private final MeterRegistry registry;
    // The meters of each combination, found once: looking them up in the registry for every delivery
    // builds their ids and tags anew. Sources and events are the few known names, so this stays small.
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String source, String event, Outcome outcome, Duration elapsed) {
        Meters found = meters.computeIfAbsent(new Key(source, event, outcome), this::register);
        found.deliveries().increment();
        found.acknowledge().record(elapsed);
    }

    private Meters register(Key key) {
        return new Meters(Counter.builder("slipway.webhook.deliveries")
                .description("Deliveries and build requests received, by provider, event and outcome")
                .tag("provider", key.source()).tag("event", key.event()).tag("outcome", key.outcome().tag())
                .register(registry),
                Timer.builder("slipway.webhook.acknowledge")
                        .description("Time from receiving a delivery to answering it (for accepted ones: until the broker acknowledged the event)")
                        .tag("provider", key.source()).tag("outcome", key.outcome().tag())
                        .publishPercentiles(0.5, 0.95, 0.99)
                        .register(registry));
    }

    private record Key(String source, String event, Outcome outcome) {
    }

    private record Meters(Counter deliveries, Timer acknowledge) {
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
