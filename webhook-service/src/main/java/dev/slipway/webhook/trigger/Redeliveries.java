package dev.slipway.webhook.trigger;

import dev.slipway.webhook.WebhookConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
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

    public Redeliveries(WebhookConfiguration configuration, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this(configuration.redeliveryWindow(), Clock.systemUTC(), blocking);
    }

    Redeliveries(Duration window, Clock clock) {
        this(window, clock, ForkJoinPool.commonPool());
    }

    private Redeliveries(Duration window, Clock clock, Executor retries) {
        this.deliveries = new OnceWithin<>(window, clock, DeliveryAnswer::wroteEvents, retries);
    }

    public DeliveryAnswer once(String key, Supplier<DeliveryAnswer> work) {
        return answer(deliveries.once(key, work));
    }

    /** {@link #once} for work whose answer comes when the broker has acknowledged its events. */
    public CompletableFuture<DeliveryAnswer> onceAsync(String key, Supplier<CompletableFuture<DeliveryAnswer>> work) {
        return deliveries.onceAsync(key, work).thenApply(Redeliveries::answer);
    }

    private static DeliveryAnswer answer(OnceWithin.Result<DeliveryAnswer> result) {
        return result.fresh() ? result.value() : result.value().asDuplicate(result.since());
    }

    int remembered() {
        return deliveries.remembered();
    }
}
