package dev.slipway.deploy.targets;

import dev.slipway.deploy.targets.docker.DockerEngineTarget;
import dev.slipway.deploy.targets.marathon.MarathonTarget;
import dev.slipway.deploy.targets.swarm.SwarmTarget;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured targets by name; the local Docker engine, named {@code docker}, when none is configured. */
@Singleton
public class Targets implements AutoCloseable {
    private final Map<String, DeployTarget> byName = new LinkedHashMap<>();

    public Targets(List<TargetConfiguration> configured) {
        List<TargetConfiguration> all = configured.isEmpty() ? List.of(TargetConfiguration.localDockerEngine()) : configured;
        for (TargetConfiguration configuration : all) {
            try {
                byName.put(configuration.name(), create(configuration));
            } catch (IllegalArgumentException e) {
                close();
                throw new ConfigurationException("slipway.deploy.targets." + configuration.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static DeployTarget create(TargetConfiguration configuration) {
        return switch (configuration.targetType()) {
            case DOCKER -> new DockerEngineTarget(configuration);
            case SWARM -> new SwarmTarget(configuration);
            case MARATHON -> new MarathonTarget(configuration);
        };
    }

    public Optional<DeployTarget> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public DeployTarget get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no target named " + name));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    @PreDestroy
    @Override
    public void close() {
        byName.values().forEach(DeployTarget::close);
    }
}
