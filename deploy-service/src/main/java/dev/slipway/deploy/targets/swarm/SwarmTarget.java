package dev.slipway.deploy.targets.swarm;

import com.github.dockerjava.api.DockerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.HealthCheck;
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
import dev.slipway.deploy.targets.docker.StableProxy;
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
 *
 * <p>A stable environment's service is updated start-first: the new task starts beside the old one, Swarm
 * checks its health with a command in the task ({@code wget} of the health path), stops the old task only
 * once the new one is healthy, and rolls the update back by itself when it is not. The two tasks cannot
 * publish the same host port, so builds take turns between two ports (blue and green), and the stable URL
 * is bin/stack's haproxy, whose backend holds both and sends traffic only to the one that passes its own
 * check of the health path.
 */
public final class SwarmTarget implements DeployTarget {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmTarget.class);
    private static final long RESTART_DELAY_NANOS = 5_000_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;
    /** How long Swarm watches a new task after it started before it calls the update done. */
    private static final long MONITOR_NANOS = 3 * SECOND_NANOS;

    private final TargetConfiguration configuration;
    private final TargetEngine engine;
    private final SwarmApi api;
    private final StableProxy proxy;

    public SwarmTarget(TargetConfiguration configuration) {
        this.configuration = configuration;
        this.engine = TargetEngine.connect(configuration);
        this.api = new SwarmApi(engine);
        this.proxy = new StableProxy(configuration);
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
        // Blue and green are one task each: several replicas on one node cannot share a host port, so a stable
        // service of more instances is still updated in place, each task on a port of its own (not blue-green yet).
        if (app.name().build() == null && app.descriptor().resources().instances() == 1) {
            return startStable(app);
        }
        String serviceName = app.name().slug();
        Optional<Service> existing = service(serviceName);
        if (existing.isEmpty()) {
            engine.call("create service " + serviceName, () -> client().createServiceCmd(spec(app, 0)).exec());
            LOG.info("Created service {} for {} on {}", serviceName, app.build(), name());
            return new SwarmRollout(app, null, null);
        }
        Service service = existing.get();
        int port = app.descriptor().resources().instances() == 1 ? currentPort(serviceName, app.descriptor().port()) : 0;
        engine.run("update service " + serviceName, () -> client()
                .updateServiceCmd(service.getId(), spec(app, port))
                .withVersion(service.getVersion().getIndex())
                .exec());
        LOG.info("Updated service {} to {} on {}", serviceName, app.build(), name());
        return new SwarmRollout(app, service.getSpec(), null);
    }

    /**
     * A stable environment: the service is created or updated start-first on the port its current task does not
     * hold, and the proxy's backend for the app names both ports.
     */
    private Rollout startStable(AppSpec app) throws TargetException {
        proxy.requireRunning();
        String serviceName = app.name().slug();
        // The stable URL's port, then blue's and green's: chosen once, kept in the proxy's file.
        int[] ports = proxy.ports(serviceName, 3);
        Optional<Service> existing = service(serviceName);
        int current = existing.map(SwarmTarget::publishedPort).orElse(0);
        int next = current == ports[1] ? ports[2] : ports[1];
        String host = configuration.publicHost() != null ? configuration.publicHost() : "127.0.0.1";
        URI stable;
        try {
            // The color this build takes is checked on its health path; the other keeps the path of the build it runs.
            String path = plainPath(app.descriptor().healthCheckPath());
            String bluePath = next == ports[1] ? path : proxy.checkPath(serviceName, "blue");
            String greenPath = next == ports[2] ? path : proxy.checkPath(serviceName, "green");
            stable = proxy.serveChecked(serviceName, ports, List.of(new StableProxy.Server("blue", host, ports[1], bluePath),
                    new StableProxy.Server("green", host, ports[2], greenPath)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while setting up the stable URL of " + serviceName, e);
        }
        ServiceSpec spec = startFirst(spec(app, next), app);
        if (existing.isEmpty()) {
            engine.call("create service " + serviceName, () -> client().createServiceCmd(spec).exec());
            LOG.info("Created service {} for {} on {}, stable URL {}", serviceName, app.build(), name(), stable);
            return new SwarmRollout(app, null, stable);
        }
        Service service = existing.get();
        engine.run("update service " + serviceName, () -> client()
                .updateServiceCmd(service.getId(), spec)
                .withVersion(service.getVersion().getIndex())
                .exec());
        LOG.info("Updating service {} to {} start-first on {} (port {})", serviceName, app.build(), name(), next);
        return new SwarmRollout(app, service.getSpec(), stable);
    }

    /**
     * Start-first with a health check: Swarm starts the new task beside the old one, and stops the old one only
     * once the new one is healthy; a new task that fails rolls the service back (the old task never stopped).
     *
     * <p>The check runs in the task: busybox's (and most images') {@code wget} fetches the health path. An image
     * without {@code wget} passes this check by its start alone (the command says so and exits 0); the proxy's
     * own check of the health path still keeps traffic away from it until it answers, and Slipway's probe decides.
     * An image without {@code /bin/sh} at all fails the check: such an image is not supported in stable Swarm
     * environments.
     */
    private static ServiceSpec startFirst(ServiceSpec spec, AppSpec app) {
        String url = "http://127.0.0.1:" + app.descriptor().port() + plainPath(app.descriptor().healthCheckPath());
        HealthCheck check = new HealthCheck()
                .withTest(List.of("CMD-SHELL", "command -v wget >/dev/null 2>&1 || { echo 'no wget in the image: not checked'; exit 0; };"
                        + " wget -q -O /dev/null '" + url + "' || exit 1"))
                .withInterval(SECOND_NANOS)
                .withTimeout(2 * SECOND_NANOS)
                .withRetries(3)
                .withStartPeriod(2 * SECOND_NANOS);
        spec.getTaskTemplate().getContainerSpec().withHealthCheck(check);
        return spec.withUpdateConfig(new UpdateConfig()
                        .withParallelism(1L)
                        .withOrder(UpdateOrder.START_FIRST)
                        .withFailureAction(UpdateFailureAction.ROLLBACK)
                        .withMonitor(MONITOR_NANOS)
                        .withMaxFailureRatio(0f))
                .withRollbackConfig(new UpdateConfig()
                        .withParallelism(1L)
                        .withOrder(UpdateOrder.START_FIRST)
                        .withFailureAction(UpdateFailureAction.PAUSE)
                        .withMonitor(MONITOR_NANOS));
    }

    /** The health path as it can go into a shell word: a path of safe characters, else "/". */
    private static String plainPath(String path) {
        return path != null && path.matches("/[A-Za-z0-9/._~%-]*") ? path : "/";
    }

    private static int publishedPort(Service service) {
        try {
            PortConfig[] ports = service.getSpec().getEndpointSpec().getPorts().toArray(new PortConfig[0]);
            return ports.length == 0 ? 0 : ports[0].getPublishedPort();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void remove(AppName app) throws TargetException {
        if (service(app.slug()).isPresent()) {
            engine.run("remove service " + app.slug(), () -> client().removeServiceCmd(app.slug()).exec());
            LOG.info("Removed service {} from {}", app.slug(), name());
        }
        if (app.build() == null) {
            try {
                proxy.remove(app.slug());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while removing the stable URL of " + app.slug(), e);
            }
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
        /** A stable environment's URL (the proxy's); null for a per-build service, reached on its task's port. */
        private final URI stable;

        SwarmRollout(AppSpec app, ServiceSpec previous, URI stable) {
            this.app = app;
            this.serviceName = app.name().slug();
            this.previous = previous;
            this.stable = stable;
        }

        @Override
        public String appId() {
            return serviceName;
        }

        @Override
        public Progress poll() throws TargetException {
            return stable == null ? pollTask() : pollStartFirst();
        }

        /**
         * Swarm's update status says where a start-first update stands: done once the new task is healthy and
         * the old one stopped; rolled back when the new task failed.
         */
        private Progress pollStartFirst() throws TargetException {
            JsonNode update = api.service(serviceName).path("UpdateStatus");
            String state = update.path("State").asText("");
            String message = update.path("Message").asText("");
            if (state.startsWith("rollback") || state.equals("paused")) {
                return new Progress.Failed("swarm rolled the update back (" + state + ": " + message + ")" + newestFailure());
            }
            Progress task = pollTask();
            if (task instanceof Progress.Placed) {
                // A new service is done once its task runs; an update once Swarm says so (the old task is gone).
                if (previous == null || state.equals("completed")) {
                    return new Progress.Placed(stable);
                }
                return new Progress.Starting("swarm is updating start-first" + (message.isBlank() ? "" : ": " + message));
            }
            if (task instanceof Progress.Failed failed && previous != null && !state.equals("completed")) {
                // Swarm restarts the task until its update monitor gives up and rolls back: that is the outcome to wait for.
                return new Progress.Starting("the new task failed, swarm is deciding whether to roll back: " + failed.reason());
            }
            return task;
        }

        private String newestFailure() throws TargetException {
            return api.tasks(serviceName, app.descriptor().port()).stream()
                    .filter(task -> task.image().equals(app.image().byDigest()) && (task.failed() || !task.error().isBlank()))
                    .max(Comparator.comparing(SwarmTask::createdAt))
                    .map(task -> "; the new task: " + task.state() + ", " + task.explanation().orElse("no reason given"))
                    .orElse("");
        }

        @Override
        public RolledBack rollBack() throws TargetException {
            if (previous == null) {
                abandon();
                try {
                    proxy.remove(serviceName);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new RolledBack(null, "");
            }
            String state = api.service(serviceName).path("UpdateStatus").path("State").asText("");
            if (!state.startsWith("rollback")) {
                // Swarm has not rolled back by itself (Slipway's health check failed first): the previous spec goes back.
                abandon();
            }
            return new RolledBack(stable, "");
        }

        private Progress pollTask() throws TargetException {
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
