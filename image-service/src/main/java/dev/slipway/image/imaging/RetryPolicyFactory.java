package dev.slipway.image.imaging;

import dev.slipway.infrastructure.retry.RetryPolicy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/**
 * {@code slipway.image.retry.*}: how often a build step that fails for a passing reason (the
 * artifact service, the engine or the registry down) is tried, and how long the waits in between
 * are; emitting a build's result is tried the same way.
 */
@Factory
class RetryPolicyFactory {
    static final String PREFIX = "slipway.image.retry";

    @Singleton
    RetryPolicy retryPolicy(Environment environment) {
        return RetryPolicy.from(environment, PREFIX);
    }
}
