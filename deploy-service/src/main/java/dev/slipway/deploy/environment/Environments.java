package dev.slipway.deploy.environment;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.targets.Targets;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configured environments, checked at start-up: a name that is not a DNS label, an unknown
 * kind or a target that does not exist stops the service with a message that says which.
 * Without any configured environment, every plan gets a per-build {@code review} environment on
 * the embedded Docker engine target.
 */
@Singleton
public class Environments {
    private final Map<EnvironmentName, Environment> byName = new TreeMap<>(java.util.Comparator.comparing(EnvironmentName::value));

    public Environments(List<EnvironmentConfiguration> configured, DeployConfiguration deploy, Targets targets) {
        List<EnvironmentConfiguration> all = configured.isEmpty() ? List.of(EnvironmentConfiguration.review()) : configured;
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
                        configuration.waitDeadline() != null ? configuration.waitDeadline() : deploy.waitDeadline(),
                        configuration.healthTimeout() != null ? configuration.healthTimeout() : deploy.healthTimeout());
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

    public Optional<Environment> find(EnvironmentName name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * @throws EnvironmentNotConfiguredException when there is no such environment, or it does not take the plan
     */
    public Environment require(EnvironmentName name, PlanName plan) {
        Environment environment = find(name).orElseThrow(() -> new EnvironmentNotConfiguredException(
                "environment '" + name + "' is not configured; the environments are " + byName.keySet()));
        if (!environment.takes(plan)) {
            throw new EnvironmentNotConfiguredException("environment '" + name + "' does not take plan '" + plan
                    + "'; it takes " + environment.describePlans());
        }
        return environment;
    }

    /** Where a fresh build of {@code plan} goes without being asked, in name order. */
    public List<Environment> automaticFor(PlanName plan) {
        return byName.values().stream().filter(e -> e.autoDeploy() && e.takes(plan)).toList();
    }

    public Collection<Environment> all() {
        return byName.values();
    }
}
