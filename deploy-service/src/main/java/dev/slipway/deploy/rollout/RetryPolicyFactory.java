package dev.slipway.deploy.rollout;

import dev.slipway.infrastructure.retry.RetryPolicy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/**
 * How often a target call that failed for a passing reason, or an event the broker did not take,
 * is tried again: {@code slipway.deploy.retry.*}.
 */
@Factory
class RetryPolicyFactory {

    @Singleton
    RetryPolicy deployRetries(Environment environment) {
        return RetryPolicy.from(environment, "slipway.deploy.retry");
    }
}
