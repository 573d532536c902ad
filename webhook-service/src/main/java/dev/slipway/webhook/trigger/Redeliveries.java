package dev.slipway.webhook.trigger;

import dev.slipway.webhook.WebhookConfiguration;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;
    private volatile Instant nextSweep;

    public Redeliveries(WebhookConfiguration configuration) {
        this(configuration.redeliveryWindow(), Clock.systemUTC());
    }

    Redeliveries(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
        this.nextSweep = clock.instant().plus(sweepInterval());
    }

    public DeliveryAnswer once(String key, Supplier<DeliveryAnswer> work) {
        sweepIfDue();
        while (true) {
            Instant now = clock.instant();
            CompletableFuture<DeliveryAnswer> mine = new CompletableFuture<>();
            Entry entry = new Entry(mine, now);
            Entry existing = entries.putIfAbsent(key, entry);
            if (existing == null) {
                return doWork(key, entry, work);
            }
            if (existing.expired(now, window)) {
                entries.remove(key, existing);
                continue;
            }
            try {
                DeliveryAnswer first = existing.answer().join();
                if (first.wroteEvents()) {
                    return first.asDuplicate(existing.since());
                }
            } catch (CompletionException firstFailed) {
                // The first attempt wrote nothing and has let go of the key: try again ourselves.
            }
        }
    }

    private DeliveryAnswer doWork(String key, Entry entry, Supplier<DeliveryAnswer> work) {
        try {
            DeliveryAnswer answer = work.get();
            if (!answer.wroteEvents()) {
                entries.remove(key, entry);
            }
            entry.answer().complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            entries.remove(key, entry);
            entry.answer().completeExceptionally(e);
            throw e;
        }
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isAfter(nextSweep)) {
            nextSweep = now.plus(sweepInterval());
            entries.values().removeIf(e -> e.answer().isDone() && e.expired(now, window));
        }
    }

    private Duration sweepInterval() {
        Duration tenth = window.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
    }

    int remembered() {
        return entries.size();
    }

    private record Entry(CompletableFuture<DeliveryAnswer> answer, Instant since) {
        boolean expired(Instant now, Duration window) {
            return since.plus(window).isBefore(now);
        }
    }
}
