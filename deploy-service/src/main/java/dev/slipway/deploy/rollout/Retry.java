package dev.slipway.deploy.rollout;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.targets.TargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Retries a target call that failed transiently (engine unreachable, Marathon 5xx), with exponential backoff. */
final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    private final int attempts;
    private final Duration initialDelay;
    private final Duration maxDelay;

    Retry(DeployConfiguration configuration) {
        this.attempts = Math.max(1, configuration.retryAttempts());
        this.initialDelay = configuration.retryInitialDelay();
        this.maxDelay = configuration.retryMaxDelay();
    }

    @FunctionalInterface
    interface TargetCall<T> {
        T call() throws TargetException;
    }

    /**
     * @throws TargetException the last failure, once it is not transient or the attempts are used up
     * @throws InterruptedException when the service stops while it backs off
     */
    <T> T call(String what, TargetCall<T> call) throws TargetException, InterruptedException {
        Duration delay = initialDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (TargetException e) {
                if (!e.transientFailure() || attempt >= attempts) {
                    throw e;
                }
                LOG.warn("{} failed (attempt {} of {}), retrying in {}: {}", what, attempt, attempts, delay, e.getMessage());
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }
}
