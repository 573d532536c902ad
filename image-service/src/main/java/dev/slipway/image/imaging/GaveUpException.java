package dev.slipway.image.build;

import dev.slipway.image.BuildLog;
import dev.slipway.image.BuildStepException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Runs a step again, with exponential backoff, while it fails for a transient reason; a permanent
 * failure (a broken Dockerfile) ends it at once. The tries show in the build's log.
 */
final class Retry {
    private final BuildsConfiguration configuration;

    Retry(BuildsConfiguration configuration) {
        this.configuration = configuration;
    }

    <T> T run(String step, BuildLog log, Supplier<T> action) {
        Duration wait = configuration.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (BuildStepException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("interrupted during " + step);
                }
                if (!e.retryable()) {
                    throw e;
                }
                if (attempt >= configuration.retryAttempts()) {
                    throw new GaveUpException(step, attempt, e);
                }
                log.line(step + " failed (try " + attempt + " of " + configuration.retryAttempts() + "): "
                        + e.getMessage() + "; trying again in " + wait);
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting to retry " + step);
                }
                wait = wait.multipliedBy(2).compareTo(configuration.maxRetryBackoff()) > 0
                        ? configuration.maxRetryBackoff() : wait.multipliedBy(2);
            }
        }
    }

    void run(String step, BuildLog log, Runnable action) {
        run(step, log, () -> {
            action.run();
            return null;
        });
    }

    /** A transient failure that outlasted every try: still retryable, later, by whoever asks again. */
    static final class GaveUpException extends BuildStepException {
        GaveUpException(String step, int attempts, BuildStepException last) {
            super(last.getMessage() + " (" + step + " gave up after " + attempts + " tries)", true, last);
        }
    }
}
