package dev.slipway.image.docker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code slipway.docker.*}: the Docker engine that builds, tests and pushes images.
 *
 * @param host            the engine's address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375})
 * @param connectTimeout  for a connection to the engine
 * @param responseTimeout how long a call may wait for the engine's next bytes; generous, because a
 *                        build step that installs packages or a waited-for test container says
 *                        nothing for minutes
 * @param buildTimeout    the longest a single {@code docker build} may take
 */
@ConfigurationProperties("slipway.docker")
public record DockerConfiguration(
        @Bindable(defaultValue = "unix:///var/run/docker.sock") String host,
        @Bindable(defaultValue = "10s") Duration connectTimeout,
        @Bindable(defaultValue = "30m") Duration responseTimeout,
        @Bindable(defaultValue = "30m") Duration buildTimeout) {
}
