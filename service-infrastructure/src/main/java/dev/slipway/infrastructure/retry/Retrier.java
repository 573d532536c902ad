package dev.slipway.infrastructure.retry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Runs work under a {@link RetryPolicy}. Who hears of each retry (the service's log by default,
 * or a build's own log) and what a give-up looks like (the last failure by default, or one that
 * says how long was tried) are the caller's to choose.
 *
 * <pre>{@code
 * policy.retrying(BuildFailure.class, BuildFailure::retryable)
 *       .onGiveUp((last, attempts, spent) -> new RetriesExhaustedException(last, attempts, spent))
 *       .run("fetch " + repository, () -> mirrors.fetch(repository, commit));
 * }</pre>
 */
public final class Retrier<E extends Exception> {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final RetryPolicy policy;
    private final Class<E> failures;
    private final Predicate<? super E> transientFailure;
    private final RetryListener<? super E> listener;
    private final GiveUp<E> giveUp;

    Retrier(RetryPolicy policy, Class<E> failures, Predicate<? super E> transientFailure) {
        this(policy, failures, transientFailure, Retrier::log, (last, attempts, spent) -> last);
    }

    private Retrier(RetryPolicy policy, Class<E> failures, Predicate<? super E> transientFailure,
                    RetryListener<? super E> listener, GiveUp<E> giveUp) {
        this.policy = Objects.requireNonNull(policy);
        this.failures = Objects.requireNonNull(failures);
        this.transientFailure = Objects.requireNonNull(transientFailure);
        this.listener = Objects.requireNonNull(listener);
        this.giveUp = Objects.requireNonNull(giveUp);
    }

    /** Who hears of each failed try that will be tried again; the service's log by default. */
    public Retrier<E> onRetry(RetryListener<? super E> listener) {
        return new Retrier<>(policy, failures, transientFailure, listener, giveUp);
    }

    /** What is thrown when every try failed for a passing reason; the last failure by default. */
    public Retrier<E> onGiveUp(GiveUp<E> giveUp) {
        return new Retrier<>(policy, failures, transientFailure, listener, giveUp);
    }

    /**
     * @param what names the work in messages ("push 127.0.0.1:5000/shop:1.0-3")
     * @throws E                    the first failure that will not pass, or the give-up after the last try
     * @throws InterruptedException when the thread is interrupted while it waits or while it works
     *                              (the service is stopping): the work is neither finished nor failed
     */
    public <T> T run(String what, Attempt<T, E> attempt) throws E, InterruptedException {
        long start = System.nanoTime();
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (!failures.isInstance(e)) {
                    // Not a failure this work is known for (a bug, say): not retried, not wrapped.
                    throw e instanceof RuntimeException unexpected ? unexpected : new IllegalStateException(what + ": " + e, e);
                }
                E failure = failures.cast(e);
                if (Thread.currentThread().isInterrupted()) {
                    InterruptedException interrupted = new InterruptedException("interrupted during " + what);
                    interrupted.initCause(failure);
                    throw interrupted;
                }
                if (!transientFailure.test(failure)) {
                    throw failure;
                }
                if (tried >= policy.attempts()) {
                    throw giveUp.apply(failure, tried, Duration.ofNanos(System.nanoTime() - start));
                }
                Duration delay = policy.delayAfter(tried);
                listener.retrying(what, tried, policy.attempts(), delay, failure);
                Thread.sleep(delay.toMillis());
            }
        }
    }

    /** {@link #run} for work without a result. */
    public void run(String what, VoidAttempt<E> attempt) throws E, InterruptedException {
        run(what, () -> {
            attempt.run();
            return null;
        });
    }

    private static void log(String what, int attempt, int attempts, Duration delay, Exception failure) {
        LOG.warn("{} failed (attempt {} of {}), trying again in {} ms: {}", what, attempt, attempts, delay.toMillis(),
                failure.getMessage());
    }

    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    @FunctionalInterface
    public interface VoidAttempt<E extends Exception> {
        void run() throws E;
    }

    @FunctionalInterface
    public interface RetryListener<E extends Exception> {
        void retrying(String what, int attempt, int attempts, Duration delay, E failure);
    }

    @FunctionalInterface
    public interface GiveUp<E extends Exception> {
        E apply(E last, int attempts, Duration spent);
    }
}
