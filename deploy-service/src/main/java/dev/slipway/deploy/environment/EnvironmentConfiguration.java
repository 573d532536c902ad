package dev.slipway.deploy.environment;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/**
 * {@code slipway.deploy.environments.<name>.*}: one place builds are deployed to.
 *
 * @param kind          {@code per-build} or {@code stable}
 * @param target        the name of the target (under {@code slipway.deploy.targets}) it deploys to
 * @param plans         which plans it takes: names, or patterns with {@code *}; empty for every plan
 * @param autoDeploy    whether a freshly built image is deployed here without being asked
 * @param keep          per-build: how many builds' apps are kept; the oldest beyond it are removed
 * @param waitDeadline  overrides {@code slipway.deploy.wait-deadline} for this environment
 * @param healthTimeout overrides {@code slipway.deploy.health-timeout} for this environment
 */
@EachProperty("slipway.deploy.environments")
public record EnvironmentConfiguration(
        @Parameter String name,
        @Bindable(defaultValue = "stable") String kind,
        @Bindable(defaultValue = "docker") String target,
        @Nullable List<String> plans,
        @Bindable(defaultValue = "true") boolean autoDeploy,
        @Bindable(defaultValue = "3") int keep,
        @Nullable Duration waitDeadline,
        @Nullable Duration healthTimeout) {

    /** The embedded default: every plan's builds get their own app on the local Docker engine. */
    public static EnvironmentConfiguration review() {
        return new EnvironmentConfiguration("review", "per-build", "docker", List.of(), true, 3, null, null);
    }
}
