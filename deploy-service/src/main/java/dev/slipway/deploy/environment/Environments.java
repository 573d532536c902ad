package dev.slipway.deploy.environment;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.targets.Targets;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configured environments, checked at start-up: a name that is not a DNS label, an unknown
 * kind or a target that does not exist stops the service with a message that says which.
 * Without any configured environment, every plan gets a per-build {@code review} environment on
 * the embedded Docker engine target, and its pull requests get previews there.
 */
@Singleton
public class Environments {
    private static final Pattern PREVIEW_NAME = Pattern.compile(Pattern.quote(PullRequest.ENVIRONMENT_PREFIX) + "[0-9]+");
    private final Map<EnvironmentName, Environment> byName = new TreeMap<>(java.util.Comparator.comparing(EnvironmentName::value));

    public Environments(List<EnvironmentConfiguration> configured, DeployConfiguration deploy, Targets targets) {
        List<EnvironmentConfiguration> all = configured.isEmpty()
                ? List.of(EnvironmentConfiguration.review(), EnvironmentConfiguration.previews()) : configured;
        for (EnvironmentConfiguration configuration : all) {
            String prefix = "slipway.deploy.environments." + configuration.name() + ": ";
            try {
                Environment environment = new Environment(
                        EnvironmentName.of(configuration.name()),
                        EnvironmentKind.parse(configuration.kind()),
                        configuration.target(),
                        (configuration.plans() == null ? List.<String>of() : configuration.plans()).stream().map(PlanPattern::new).toList(),
                        configuration.autoDeploy(),
                        configuration.keep(),
                        configuration.maxPreviews(),
                        configuration.waitDeadline() != null ? configuration.waitDeadline() : deploy.waitDeadline(),
                        configuration.healthTimeout() != null ? configuration.healthTimeout() : deploy.healthTimeout());
                if (PREVIEW_NAME.matcher(environment.name().value()).matches()) {
                    throw new IllegalArgumentException("names pr-<number> are pull requests' previews; choose another name");
                }
                if (targets.find(environment.target()).isEmpty()) {
                    throw new IllegalArgumentException("target '" + environment.target() + "' is not configured; the targets are "
                            + targets.names());
                }
                byName.put(environment.name(), environment);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(prefix + e.getMessage(), e);
            }
        }
    }

    /**
     * A configured environment, or a pull request's preview ({@code pr-<number>}) with the settings of the first
     * preview environment (in name order) that takes the plan.
     */
    public Optional<Environment> find(EnvironmentName name, PlanName plan) {
        Environment configured = byName.get(name);
        if (configured != null || !isPreview(name)) {
            return Optional.ofNullable(configured);
        }
        return previewsFor(plan).map(template -> template.previewOf(name));
    }

    /** Where the previews of {@code plan}'s pull requests go: the first preview environment, in name order, that takes it. */
    public Optional<Environment> previewsFor(PlanName plan) {
        return byName.values().stream().filter(e -> e.preview() && e.takes(plan)).findFirst();
    }

    /** Whether {@code name} is a pull request's preview ({@code pr-<number>}). */
    public static boolean isPreview(EnvironmentName name) {
        return PREVIEW_NAME.matcher(name.value()).matches();
    }

    /**
     * @throws EnvironmentNotConfiguredException when there is no such environment, or it does not take the plan
     */
    public Environment require(EnvironmentName name, PlanName plan) {
        Environment environment = find(name, plan).orElseThrow(() -> new EnvironmentNotConfiguredException(isPreview(name)
                ? "'" + name + "' is a pull request's preview, and no environment of kind preview takes plan '" + plan + "'"
                : "environment '" + name + "' is not configured; the environments are " + byName.keySet()));
        if (!environment.takes(plan)) {
            throw new EnvironmentNotConfiguredException("environment '" + name + "' does not take plan '" + plan
                    + "'; it takes " + environment.describePlans());
        }
        return environment;
    }

    /**
     * Where a fresh build of {@code plan}'s own branch goes without being asked, in name order. Preview environments
     * take only pull requests' builds.
     */
    public List<Environment> automaticFor(PlanName plan) {
        return byName.values().stream().filter(e -> e.autoDeploy() && !e.preview() && e.takes(plan)).toList();
    }

    public Collection<Environment> all() {
        return byName.values();
    }
}
