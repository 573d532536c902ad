package dev.slipway.artifact.build;

import dev.slipway.artifact.BuildFailure;
import dev.slipway.artifact.git.GitConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Tries work again after a {@linkplain BuildFailure#retryable() retryable} failure, waiting twice
 * as long each time (up to a ceiling). A failure that is not retryable ends the work at once.
 */
@Singleton
public final class Backoff {
    private static final Logger LOG = LoggerFactory.getLogger(Backoff.class);

    private final int attempts;
    private final Duration initial;
    private final Duration max;

    @Inject
    public Backoff(GitConfiguration configuration) {
        this(configuration.attempts(), configuration.initialBackoff(), configuration.maxBackoff());
    }

    public Backoff(int attempts, Duration initial, Duration max) {
        this.attempts = attempts;
        this.initial = initial;
        this.max = max;
    }

    /**
     * @throws RetriesExhaustedException when the last attempt failed retryably
     * @throws BuildFailure              the first failure that is not retryable
     * @throws CancellationException     when the thread is interrupted while waiting (the service is stopping)
     */
    public <T> T run(String what, Supplier<T> work) {
        Duration wait = initial;
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (BuildFailure failure) {
                if (!failure.retryable()) {
                    throw failure;
                }
                if (attempt >= attempts) {
                    throw new RetriesExhaustedException(failure, attempt, Duration.ofNanos(System.nanoTime() - start));
                }
                LOG.warn("{} failed (attempt {} of {}), trying again in {} ms: {}", what, attempt, attempts, wait.toMillis(),
                        failure.getMessage());
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to try again");
        }
    }

    /** Every attempt failed in a way that may pass: the build may still succeed when asked for again later. */
    public static final class RetriesExhaustedException extends BuildFailure {
        RetriesExhaustedException(BuildFailure last, int attempts, Duration spent) {
            super(last.getMessage() + " (gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                    + " in " + spent.toMillis() / 100 / 10.0 + " s)", true, last);
        }
    }
}
