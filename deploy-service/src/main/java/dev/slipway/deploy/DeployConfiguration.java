package dev.slipway.deploy;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code slipway.deploy.*}: what applies to every environment and target. The defaults are in
 * {@code application.yml}; the retry policy ({@code slipway.deploy.retry.*}) is read by
 * {@code rollout.RetryPolicyFactory}, the consumer group ({@code slipway.deploy.consumer-group})
 * by the listeners.
 *
 * @param stateDir      where the service remembers builds' images and environments' deployments,
 *                      so that rollbacks and unfinished deployments survive a restart
 * @param waitDeadline  how long a deployment may wait for the cluster to place it before it fails
 *                      with the last reason the cluster gave (an environment may override it)
 * @param healthTimeout how long a placed app may take to answer its health check with 2xx
 * @param pollInterval  how often a rollout looks at its target
 */
@ConfigurationProperties("slipway.deploy")
public record DeployConfiguration(
        Path stateDir,
        Duration waitDeadline,
        Duration healthTimeout,
        Duration pollInterval) {
}
