package dev.slipway.deploy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code slipway.deploy.*}: what applies to every environment and target.
 *
 * @param stateDir          where the service remembers builds' images and environments' deployments,
 *                          so that rollbacks and unfinished deployments survive a restart
 * @param consumerGroup     the Kafka consumer group of both listeners
 * @param waitDeadline      how long a deployment may wait for the cluster to place it before it fails
 *                          with the last reason the cluster gave (an environment may override it)
 * @param healthTimeout     how long a placed app may take to answer its health check with 2xx
 * @param pollInterval      how often a rollout looks at its target
 * @param retryAttempts     how many times a transient target error is retried before the deployment fails
 * @param retryInitialDelay the first backoff; it doubles on each retry
 * @param retryMaxDelay     the longest backoff
 */
@ConfigurationProperties("slipway.deploy")
public record DeployConfiguration(
        Path stateDir,
        @Bindable(defaultValue = "deploy-service") String consumerGroup,
        @Bindable(defaultValue = "30m") Duration waitDeadline,
        @Bindable(defaultValue = "2m") Duration healthTimeout,
        @Bindable(defaultValue = "500ms") Duration pollInterval,
        @Bindable(defaultValue = "5") int retryAttempts,
        @Bindable(defaultValue = "1s") Duration retryInitialDelay,
        @Bindable(defaultValue = "30s") Duration retryMaxDelay) {
}
