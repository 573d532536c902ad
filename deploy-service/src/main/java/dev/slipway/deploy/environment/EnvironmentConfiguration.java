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
 * @param kind          {@code per-build}, {@code stable} or {@code preview} (pull requests' previews)
 * @param target        the name of the target (under {@code slipway.deploy.targets}) it deploys to
 * @param plans         which plans it takes: names, or patterns with {@code *}; empty for every plan
 * @param autoDeploy    whether a freshly built image is deployed here without being asked
 * @param keep          per-build: how many builds' apps are kept; the oldest beyond it are removed
 * @param maxPreviews   preview: how many previews run at once, over every plan it takes; when a new pull request's
 *                      preview would be one too many, the one updated longest ago is removed
 * @param waitDeadline  overrides {@code slipway.deploy.wait-deadline} for this environment
 * @param healthTimeout overrides {@code slipway.deploy.health-timeout} for this environment
 *
 * <p>The defaults are here rather than in {@code application.yml}: the environments' names are
 * the user's, and a YAML file cannot give defaults to entries it does not name. The embedded
 * default environment uses the same constants.
 */
@EachProperty("slipway.deploy.environments")
public record EnvironmentConfiguration(
        @Parameter String name,
        @Bindable(defaultValue = DEFAULT_KIND) String kind,
        @Bindable(defaultValue = DEFAULT_TARGET) String target,
        @Nullable List<String> plans,
        @Bindable(defaultValue = DEFAULT_AUTO_DEPLOY) boolean autoDeploy,
        @Bindable(defaultValue = DEFAULT_KEEP) int keep,
        @Bindable(defaultValue = DEFAULT_MAX_PREVIEWS) int maxPreviews,
        @Nullable Duration waitDeadline,
        @Nullable Duration healthTimeout) {
    static final String DEFAULT_KIND = "stable";
    /** The embedded default target's name. */
    static final String DEFAULT_TARGET = "docker";
    static final String DEFAULT_AUTO_DEPLOY = "true";
    static final String DEFAULT_KEEP = "3";
    static final String DEFAULT_MAX_PREVIEWS = "5";

    /** The embedded default: every plan's builds get their own app on the local Docker engine. */
    public static EnvironmentConfiguration review() {
        return new EnvironmentConfiguration("review", "per-build", DEFAULT_TARGET, List.of(),
                Boolean.parseBoolean(DEFAULT_AUTO_DEPLOY), Integer.parseInt(DEFAULT_KEEP),
                Integer.parseInt(DEFAULT_MAX_PREVIEWS), null, null);
    }

    /** The embedded default's previews: every plan's open pull requests, each on the local Docker engine. */
    public static EnvironmentConfiguration previews() {
        return new EnvironmentConfiguration("preview", "preview", DEFAULT_TARGET, List.of(),
                Boolean.parseBoolean(DEFAULT_AUTO_DEPLOY), Integer.parseInt(DEFAULT_KEEP),
                Integer.parseInt(DEFAULT_MAX_PREVIEWS), null, null);
    }
}
