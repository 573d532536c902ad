package dev.slipway.infrastructure.retry;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * How often, and how patiently, a service tries work again that failed for a passing reason: up
 * to {@code attempts} tries in all, waiting {@code initialDelay} after the first failure and twice
 * as long after each further one, never longer than {@code maxDelay}. Every service configures
 * its policy in the same shape under its own prefix ({@code slipway.<service>.retry.attempts},
 * {@code .initial-delay}, {@code .max-delay}), with its defaults in its {@code application.yml},
 * and makes the policy a bean with {@link #from}.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be at least 1, not " + attempts);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("retry initial-delay must be zero or more, not " + initialDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry max-delay (" + maxDelay + ") must be at least initial-delay (" + initialDelay + ")");
        }
    }

    /**
     * The policy configured under {@code prefix} ({@code slipway.image.retry}, say).
     *
     * @throws ConfigurationException naming the property that is missing or wrong
     */
    public static RetryPolicy from(PropertyResolver properties, String prefix) {
        try {
            return new RetryPolicy(required(properties, prefix + ".attempts", Integer.class),
                    required(properties, prefix + ".initial-delay", Duration.class),
                    required(properties, prefix + ".max-delay", Duration.class));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(prefix + ": " + e.getMessage(), e);
        }
    }

    private static <T> T required(PropertyResolver properties, String name, Class<T> type) {
        return properties.getProperty(name, type).orElseThrow(() -> new ConfigurationException(
                "missing or invalid " + name + " (a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")"));
    }

    /** The wait before try {@code attempt + 1}, after {@code attempt} failed. */
    public Duration delayAfter(int attempt) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /**
     * Starts a retry of work that fails with {@code failures}; {@code transientFailure} tells the
     * ones that may pass (an engine that is down) from the ones that will not (a bad Dockerfile),
     * which end the work at once.
     */
    public <E extends Exception> Retrier<E> retrying(Class<E> failures, Predicate<? super E> transientFailure) {
        return new Retrier<>(this, failures, transientFailure);
    }
}
