package dev.slipway.artifact.packaging;

import dev.slipway.infrastructure.retry.RetryPolicy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/** How often a fetch that failed for a passing reason is tried again: {@code slipway.artifact.retry.*}. */
@Factory
class RetryPolicyFactory {

    @Singleton
    RetryPolicy fetchRetries(Environment environment) {
        return RetryPolicy.from(environment, "slipway.artifact.retry");
    }
}
