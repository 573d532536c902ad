package dev.slipway.webhook.trigger;

import dev.slipway.webhook.WebhookConfiguration;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes a delivery id count once within the redelivery window: the first delivery does the work;
 * a redelivery gets the first one's answer, marked as a duplicate, and writes nothing.
 *
 * <p>A redelivery that arrives while the first is still being published waits for it, and does the
 * work itself if the first failed: answering "duplicate" for a delivery whose event was never
 * written would lose it. Only answers that wrote events are remembered.
 *
 * <p>The memory is this process's; after a restart a redelivery is published again, with the same
 * event id (derived from the delivery id), so that consumers still see it once.
 */
@Singleton
public class Redeliveries {
    private final OnceWithin<DeliveryAnswer> deliveries;

    public Redeliveries(WebhookConfiguration configuration) {
        this(configuration.redeliveryWindow(), Clock.systemUTC());
    }

    Redeliveries(Duration window, Clock clock) {
        this.deliveries = new OnceWithin<>(window, clock, DeliveryAnswer::wroteEvents);
    }

    public DeliveryAnswer once(String key, Supplier<DeliveryAnswer> work) {
        OnceWithin.Result<DeliveryAnswer> result = deliveries.once(key, work);
        return result.fresh() ? result.value() : result.value().asDuplicate(result.since());
    }

    int remembered() {
        return deliveries.remembered();
    }
}
