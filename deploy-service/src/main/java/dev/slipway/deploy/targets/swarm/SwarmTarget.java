package dev.slipway.deploy.targets.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import dev.slipway.deploy.targets.AppName;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.targets.DeployTarget;
import dev.slipway.deploy.targets.Progress;
import dev.slipway.deploy.targets.Rollout;
import dev.slipway.deploy.targets.TargetConfiguration;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetType;
import dev.slipway.deploy.targets.docker.TargetEngine;
import dev.slipway.events.descriptor.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Swarm service per app, with CPU and memory reservations, so that Swarm's scheduler decides
 * where it fits: a task it cannot place stays pending ("no suitable node (insufficient resources
 * on 1 node)"), which this target reports as waiting, and Swarm starts it when capacity frees up.
 * Ports are published in host mode (the routing mesh is not assumed to work).
 */
public final class SwarmTarget implements DeployTarget {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmTarget.class);
    private static final long RESTART_DELAY_NANOS = 5_000_000_000L;

    private final TargetConfiguration configuration;
    private final TargetEngine engine;
    private final SwarmApi api;

    public SwarmTarget(TargetConfiguration configuration) {
        this.configuration = configuration;
        this.engine = TargetEngine.connect(configuration);
        this.api = new SwarmApi(engine);
    }

    @Override
    public String name() {
        return configuration.name();
    }

    @Override
    public String type() {
        return TargetType.SWARM.json();
    }

    @Override
    public Rollout start(AppSpec app) throws TargetException {
        String serviceName = app.name().slug();
        Optional<Service> existing = service(serviceName);
        if (existing.isEmpty()) {
            engine.call("create service " + serviceName, () -> client().createServiceCmd(spec(app, 0)).exec());
            LOG.info("Created service {} for {} on {}", serviceName, app.build(), name());
            return new SwarmRollout(app, null);
        }
        Service service = existing.get();
        // Keep the URL of a stable environment: the old task stops first, so its port is free again.
        int port = app.descriptor().resources().instances() == 1 ? currentPort(serviceName, app.descriptor().port()) : 0;
        engine.run("update service " + serviceName, () -> client()
                .updateServiceCmd(service.getId(), spec(app, port))
                .withVersion(service.getVersion().getIndex())
                .exec());
        LOG.info("Updated service {} to {} on {}", serviceName, app.build(), name());
        return new SwarmRollout(app, service.getSpec());
    }

    @Override
    public void remove(AppName app) throws TargetException {
        if (service(app.slug()).isPresent()) {
            engine.run("remove service " + app.slug(), () -> client().removeServiceCmd(app.slug()).exec());
            LOG.info("Removed service {} from {}", app.slug(), name());
        }
    }

    private ServiceSpec spec(AppSpec app, int publishedPort) {
        Resources resources = app.descriptor().resources();
        ResourceSpecs reserved = new ResourceSpecs()
                .withNanoCPUs((long) (resources.cpus() * 1_000_000_000L))
                .withMemoryBytes(resources.memoryMb() * 1024 * 1024);
        Map<String, String> labels = new HashMap<>(configuration.extraLabels());
        labels.putAll(app.labels());
        List<String> environment = app.descriptor().environment().entrySet().stream()
                .map(variable -> variable.getKey() + "=" + variable.getValue())
                .toList();
        return new ServiceSpec()
                .withName(app.name().slug())
                .withLabels(labels)
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec()
                                .withImage(app.image().byDigest())
                                .withEnv(environment)
                                .withLabels(labels))
                        .withResources(new ResourceRequirements().withReservations(reserved).withLimits(reserved))
                        .withRestartPolicy(new ServiceRestartPolicy()
                                .withCondition(ServiceRestartCondition.ANY)
                                .withDelay(RESTART_DELAY_NANOS)))
                .withMode(new ServiceModeConfig()
                        .withReplicated(new ServiceReplicatedModeOptions().withReplicas(resources.instances())))
                .withEndpointSpec(new EndpointSpec().withPorts(List.of(new PortConfig()
                        .withProtocol(PortConfigProtocol.TCP)
                        .withTargetPort(app.descriptor().port())
                        .withPublishedPort(publishedPort)
                        .withPublishMode(PortConfig.PublishMode.host))))
                .withUpdateConfig(new UpdateConfig()
                        .withParallelism(1L)
                        .withOrder(UpdateOrder.STOP_FIRST)
                        .withFailureAction(UpdateFailureAction.PAUSE));
    }

    private int currentPort(String serviceName, int targetPort) throws TargetException {
        return api.tasks(serviceName, targetPort).stream()
                .filter(task -> task.running() && task.publishedPort() != null)
                .map(SwarmTask::publishedPort)
                .findFirst()
                .orElse(0);
    }

    private Optional<Service> service(String serviceName) throws TargetException {
        return engine.find("inspect service " + serviceName, () -> client().inspectServiceCmd(serviceName).exec());
    }

    private DockerClient client() {
        return engine.client();
    }

    @Override
    public void close() {
        engine.close();
    }

    private final class SwarmRollout implements Rollout {
        private final AppSpec app;
        private final String serviceName;
        /** The spec the service had before this rollout; null when the rollout created the service. */
        private final ServiceSpec previous;

        SwarmRollout(AppSpec app, ServiceSpec previous) {
            this.app = app;
            this.serviceName = app.name().slug();
            this.previous = previous;
        }

        @Override
        public String appId() {
            return serviceName;
        }

        @Override
        public Progress poll() throws TargetException {
            String image = app.image().byDigest();
            List<SwarmTask> ours = api.tasks(serviceName, app.descriptor().port()).stream()
                    .filter(task -> task.image().equals(image))
                    .sorted(Comparator.comparing(SwarmTask::createdAt).reversed())
                    .toList();
            Optional<SwarmTask> running = ours.stream()
                    .filter(task -> task.meantToRun() && task.running() && task.publishedPort() != null)
                    .findFirst();
            if (running.isPresent()) {
                String host = configuration.publicHost() != null ? configuration.publicHost() : api.nodeAddress(running.get().nodeId());
                return new Progress.Placed(URI.create("http://" + host + ":" + running.get().publishedPort() + "/"));
            }
            Optional<SwarmTask> pending = ours.stream().filter(task -> task.meantToRun() && task.pending()).findFirst();
            if (pending.isPresent()) {
                String why = pending.get().explanation().orElse("task " + pending.get().state());
                // Swarm says "pending task scheduling" while it merely has not got round to it yet.
                return pending.get().error().isBlank() ? new Progress.Starting(why) : new Progress.Waiting(why);
            }
            if (!ours.isEmpty() && ours.get(0).failed()) {
                // The newest task of this image ended on its own: its container died or the node refused it.
                return new Progress.Failed("task " + ours.get(0).state() + ": " + ours.get(0).explanation().orElse("no reason given"));
            }
            return new Progress.Starting(ours.isEmpty() ? "waiting for swarm to create a task"
                    : "task " + ours.get(0).state());
        }

        @Override
        public void abandon() throws TargetException {
            Optional<Service> current = service(serviceName);
            if (current.isEmpty()) {
                return;
            }
            if (previous == null) {
                engine.run("remove service " + serviceName, () -> client().removeServiceCmd(serviceName).exec());
                return;
            }
            engine.run("roll service " + serviceName + " back", () -> client()
                    .updateServiceCmd(current.get().getId(), previous)
                    .withVersion(current.get().getVersion().getIndex())
                    .exec());
        }
    }
}
