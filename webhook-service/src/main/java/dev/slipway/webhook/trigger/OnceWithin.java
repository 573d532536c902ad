package dev.slipway.webhook.trigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Does the work for a key once within a window: the first caller does it; a later one gets the
 * first one's result. A caller that arrives while the first is still working waits for it, and
 * does the work itself if the first failed or produced a result not worth remembering: answering
 * "already done" for work that wrote nothing would lose it. The memory is this process's.
 *
 * @param <V> the result of the work
 */
final class OnceWithin<V> {
    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;
    private final Predicate<V> worthRemembering;
    private volatile Instant nextSweep;

    OnceWithin(Duration window, Clock clock, Predicate<V> worthRemembering) {
        this.window = window;
        this.clock = clock;
        this.worthRemembering = worthRemembering;
        this.nextSweep = clock.instant().plus(sweepInterval());
    }

    /**
     * @param fresh whether this call did the work; if not, {@code value} is the earlier result
     * @param since when the work that gave {@code value} started
     */
    record Result<V>(V value, boolean fresh, Instant since) {
    }

    Result<V> once(String key, Supplier<V> work) {
        sweepIfDue();
        while (true) {
            Instant now = clock.instant();
            Entry<V> entry = new Entry<>(new CompletableFuture<>(), now);
            Entry<V> existing = entries.putIfAbsent(key, entry);
            if (existing == null) {
                return new Result<>(doWork(key, entry, work), true, now);
            }
            if (existing.expired(now, window)) {
                entries.remove(key, existing);
                continue;
            }
            try {
                V first = existing.value().join();
                if (worthRemembering.test(first)) {
                    return new Result<>(first, false, existing.since());
                }
            } catch (CompletionException firstFailed) {
                // The first attempt wrote nothing and has let go of the key: try again ourselves.
            }
        }
    }

    /** Does the work whatever is remembered, and remembers its result (a deliberate rebuild). */
    V always(String key, Supplier<V> work) {
        sweepIfDue();
        V value = work.get();
        if (worthRemembering.test(value)) {
            Instant now = clock.instant();
            entries.put(key, new Entry<>(CompletableFuture.completedFuture(value), now));
        }
        return value;
    }

    private V doWork(String key, Entry<V> entry, Supplier<V> work) {
        try {
            V value = work.get();
            if (!worthRemembering.test(value)) {
                entries.remove(key, entry);
            }
            entry.value().complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            entries.remove(key, entry);
            entry.value().completeExceptionally(e);
            throw e;
        }
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isAfter(nextSweep)) {
            nextSweep = now.plus(sweepInterval());
            entries.values().removeIf(e -> e.value().isDone() && e.expired(now, window));
        }
    }

    private Duration sweepInterval() {
        Duration tenth = window.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
    }

    int remembered() {
        return entries.size();
    }

    private record Entry<V>(CompletableFuture<V> value, Instant since) {
        boolean expired(Instant now, Duration window) {
            return since.plus(window).isBefore(now);
        }
    }
}
