package dev.slipway.webhook.trigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Does the work for a key once within a window: the first caller does it; a later one gets the
 * first one's result. A caller that arrives while the first is still working waits for it, and
 * does the work itself if the first failed or produced a result not worth remembering: answering
 * "already done" for work that wrote nothing would lose it. The memory is this process's.
 *
 * <p>The work is either done in the caller's thread ({@link #once}) or finishes later
 * ({@link #onceAsync}: a publish whose future completes when the broker has acknowledged it); both
 * share one memory, so a webhook delivery and a manual build of the same commit still count once.
 *
 * @param <V> the result of the work
 */
final class OnceWithin<V> {
    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;
    private final Predicate<V> worthRemembering;
    private final Executor retries;
    private volatile Instant nextSweep;

    /**
     * @param retries where a caller whose first attempt failed meanwhile does the work itself: not the
     *                thread that completed the first attempt, which may be the Kafka producer's I/O thread
     */
    OnceWithin(Duration window, Clock clock, Predicate<V> worthRemembering, Executor retries) {
        this.window = window;
        this.clock = clock;
        this.worthRemembering = worthRemembering;
        this.retries = retries;
        this.nextSweep = clock.instant().plus(sweepInterval());
    }

    /**
     * @param fresh whether this call did the work; if not, {@code value} is the earlier result
     * @param since when the work that gave {@code value} started
     */
    record Result<V>(V value, boolean fresh, Instant since) {
    }

    /**
     * Does {@code work} unless a call with the same key did it within the window (then its result), waiting for a
     * first attempt that is still running. What the work throws is thrown as it is.
     */
    Result<V> once(String key, Supplier<V> work) {
        try {
            return onceAsync(key, () -> CompletableFuture.completedFuture(work.get())).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            if (e.getCause() instanceof Error thrown) {
                throw thrown;
            }
            throw e;
        }
    }

    /**
     * {@link #once}, for work that finishes later: no thread waits, neither for this work nor for a
     * first attempt still running; the returned future completes when the work (or the first
     * attempt it repeats) has. {@link #once} is this, waited for.
     */
    CompletableFuture<Result<V>> onceAsync(String key, Supplier<CompletableFuture<V>> work) {
        sweepIfDue();
        while (true) {
            Instant now = clock.instant();
            Entry<V> entry = new Entry<>(new CompletableFuture<>(), now);
            Entry<V> existing = entries.putIfAbsent(key, entry);
            if (existing == null) {
                return startWork(key, entry, work).thenApply(value -> new Result<>(value, true, now));
            }
            if (existing.expired(now, window)) {
                entries.remove(key, existing);
                continue;
            }
            CompletableFuture<V> first = existing.value();
            if (first.isDone()) {
                // A first attempt that failed, or wrote nothing worth remembering, has let go of the key already.
                if (!first.isCompletedExceptionally() && worthRemembering.test(first.join())) {
                    return CompletableFuture.completedFuture(new Result<>(first.join(), false, existing.since()));
                }
                continue;
            }
            return first.handle((value, failed) -> failed == null && worthRemembering.test(value)
                            ? CompletableFuture.completedFuture(new Result<>(value, false, existing.since()))
                            : CompletableFuture.supplyAsync(() -> onceAsync(key, work), retries).thenCompose(Function.identity()))
                    .thenCompose(Function.identity());
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

    /** Forgets the finished work of the matching keys: it may be done again. */
    void forget(Predicate<String> keys) {
        entries.entrySet().removeIf(entry -> keys.test(entry.getKey()) && entry.getValue().value().isDone());
    }

    private CompletableFuture<V> startWork(String key, Entry<V> entry, Supplier<CompletableFuture<V>> work) {
        CompletableFuture<V> started;
        try {
            started = work.get();
        } catch (RuntimeException | Error e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.whenComplete((value, failed) -> {
            // Let go of the key before anyone waiting hears of it, so that they do the work again.
            if (failed != null || !worthRemembering.test(value)) {
                entries.remove(key, entry);
            }
            if (failed != null) {
                entry.value().completeExceptionally(failed);
            } else {
                entry.value().complete(value);
            }
        });
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
