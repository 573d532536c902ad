package dev.slipway.deploy.targets.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.slipway.deploy.targets.AppName;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.targets.DeployTarget;
import dev.slipway.deploy.targets.Progress;
import dev.slipway.deploy.targets.Rollout;
import dev.slipway.deploy.targets.TargetConfiguration;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetType;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.ImageReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default target: one container per app on a Docker engine, with CPU and memory
 * limits and a published host port.
 *
 * <p>A single engine has no scheduler that makes work wait, so this target keeps its own account:
 * the engine's CPUs and memory (or configured totals) minus what its running deployments reserved.
 * The account is read from the containers' labels every time, so it is right after a restart and
 * when someone removes a container by hand; a deployment that does not fit waits, and starts once
 * another is removed.
 */
public final class DockerEngineTarget implements DeployTarget {
    public static final String TARGET_LABEL = "dev.slipway.deploy.target";
    static final String CPUS_LABEL = "dev.slipway.deploy.cpus";
    static final String MEMORY_LABEL = "dev.slipway.deploy.memory-mb";
    /** On a stable app's containers (blue and green): the app they serve, whatever their own names. */
    static final String APP_LABEL = "dev.slipway.deploy.app";
    private static final Logger LOG = LoggerFactory.getLogger(DockerEngineTarget.class);
    /** Where a deployed app's port is published: every IPv4 address of the host (see create). */
    private static final String ANY_IPV4 = "0.0.0.0";

    private final TargetConfiguration configuration;
    private final TargetEngine engine;
    private final StableProxy proxy;
    /** Deciding that an app fits and creating its container is one step, or two apps could take the same capacity. */
    private final Object account = new Object();
    private volatile Capacity engineCapacity;

    public DockerEngineTarget(TargetConfiguration configuration) {
        this.configuration = configuration;
        this.proxy = new StableProxy(configuration);
        this.engine = TargetEngine.connect(configuration);
    }

    @Override
    public String name() {
        return configuration.name();
    }

    @Override
    public String type() {
        return TargetType.DOCKER.json();
    }

    @Override
    public Rollout start(AppSpec app) {
        // A stable environment's app is replaced blue-green behind the proxy; a per-build one has its own name.
        return app.name().build() == null ? new BlueGreenRollout(this, proxy, app) : new EngineRollout(app);
    }

    @Override
    public void remove(AppName app) throws TargetException {
        Optional<Container> existing = container(app.slug());
        if (existing.isPresent()) {
            removeContainer(existing.get().getId(), app.slug());
        }
        if (app.build() == null) {
            for (Container container : appContainers(app.slug())) {
                removeContainer(container.getId(), container.getNames()[0].substring(1));
            }
            try {
                proxy.remove(app.slug());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while removing the stable URL of " + app.slug(), e);
            }
        }
    }

    void removeContainer(String id, String containerName) throws TargetException {
        engine.run("remove container " + containerName, () -> client().removeContainerCmd(id).withForce(true).exec());
        LOG.info("Removed container {} from {}", containerName, name());
    }

    /** The containers of a stable app, blue and green (not one deployed before blue-green, named as the app). */
    List<Container> appContainers(String app) throws TargetException {
        return engine.call("list the containers of " + app, () -> client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(TARGET_LABEL, name(), APP_LABEL, app))
                .exec());
    }

    /** Held while deciding that an app fits and creating its container. */
    Object account() {
        return account;
    }

    TargetEngine engine() {
        return engine;
    }

    TargetConfiguration configuration() {
        return configuration;
    }

    /** What is free now, not counting the container named {@code replacing} (it gives way to its successor). */
    public Capacity free(String replacing) throws TargetException {
        Capacity reserved = Capacity.NONE;
        for (Container container : ownContainers()) {
            if (!isNamed(container, replacing) && holdsCapacity(container)) {
                reserved = reserved.plus(reservation(container.getLabels()));
            }
        }
        return totals().minus(reserved);
    }

    private Capacity totals() throws TargetException {
        if (configuration.cpus() != null && configuration.memoryMb() != null) {
            return new Capacity(configuration.cpus(), configuration.memoryMb());
        }
        Capacity reported = engineCapacity;
        if (reported == null) {
            Info info = engine.call("read the engine's capacity", () -> client().infoCmd().exec());
            reported = new Capacity(info.getNCPU(), info.getMemTotal() / (1024 * 1024));
            engineCapacity = reported;
        }
        return new Capacity(configuration.cpus() != null ? configuration.cpus() : reported.cpus(),
                configuration.memoryMb() != null ? configuration.memoryMb() : reported.memoryMb());
    }

    List<Container> ownContainers() throws TargetException {
        return engine.call("list containers", () -> client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(TARGET_LABEL, name()))
                .exec());
    }

    Optional<Container> container(String containerName) throws TargetException {
        return engine.call("look for container " + containerName, () -> client().listContainersCmd()
                        .withShowAll(true)
                        .withNameFilter(List.of(containerName))
                        .exec())
                .stream().filter(c -> isNamed(c, containerName)).findFirst();
    }

    /** A container that exited holds nothing; one that is created, running or restarting does. */
    private static boolean holdsCapacity(Container container) {
        String state = container.getState() == null ? "" : container.getState();
        return !state.equals("exited") && !state.equals("dead");
    }

    static boolean isNamed(Container container, String containerName) {
        // The engine's name filter matches substrings, and reports names with a leading slash.
        return container.getNames() != null && List.of(container.getNames()).contains("/" + containerName);
    }

    private static Capacity reservation(Map<String, String> labels) {
        try {
            return new Capacity(Double.parseDouble(labels.getOrDefault(CPUS_LABEL, "0")),
                    Long.parseLong(labels.getOrDefault(MEMORY_LABEL, "0")));
        } catch (NumberFormatException e) {
            return Capacity.NONE;
        }
    }

    DockerClient client() {
        return engine.client();
    }

    @Override
    public void close() {
        engine.close();
    }

    private final class EngineRollout implements Rollout {
        private final AppSpec app;
        private final String containerName;
        private boolean imagePresent;
        private String containerId;
        /** The replaced container's host port, kept while a start is tried again, so that the URL stays the same. */
        private Integer keptPort;

        EngineRollout(AppSpec app) {
            this.app = app;
            this.containerName = app.name().slug();
        }

        @Override
        public String appId() {
            return containerName;
        }

        @Override
        public Progress poll() throws TargetException {
            if (containerId == null) {
                return place();
            }
            Optional<InspectContainerResponse> found = engine.find("inspect container " + containerName,
                    () -> client().inspectContainerCmd(containerId).exec());
            if (found.isEmpty()) {
                return new Progress.Failed("container " + containerName + " was removed while it started");
            }
            InspectContainerResponse inspected = found.get();
            InspectContainerResponse.ContainerState state = inspected.getState();
            String status = state.getStatus() == null ? "" : state.getStatus();
            if (status.equals("running")) {
                return hostPort(inspected)
                        .<Progress>map(port -> new Progress.Placed(url(port)))
                        .orElseGet(() -> new Progress.Starting("container running; waiting for its port to be published"));
            }
            if (status.equals("exited") || status.equals("dead")) {
                return new Progress.Failed("container " + containerName + " exited with code " + state.getExitCodeLong()
                        + lastLogLines(containerId));
            }
            return new Progress.Starting("container " + status);
        }

        private Progress place() throws TargetException {
            ImageReference image = app.image();
            if (!imagePresent) {
                pullIfMissing(image);
                imagePresent = true;
            }
            Resources resources = app.descriptor().resources();
            Capacity needed = new Capacity(resources.cpus(), resources.memoryMb());
            synchronized (account) {
                Optional<String> shortfall = free(containerName).shortfall(needed);
                if (shortfall.isPresent()) {
                    return new Progress.Waiting(shortfall.get());
                }
                Integer previousPort = replaceExisting();
                keptPort = previousPort != null ? previousPort : keptPort;
                containerId = create(needed, keptPort);
            }
            try {
                engine.run("start container " + containerName, () -> client().startContainerCmd(containerId).exec());
            } catch (TargetException e) {
                // A container that did not start (its port could not be published, say) stays "created" for good:
                // it is removed, so that the retried poll creates and starts it again instead of waiting on it.
                discardUnstarted();
                throw e;
            }
            LOG.info("Started container {} of {} on {}", containerName, app.build(), name());
            return new Progress.Starting("container created");
        }

        private void discardUnstarted() {
            String unstarted = containerId;
            containerId = null;
            try {
                engine.run("remove the unstarted container " + containerName,
                        () -> client().removeContainerCmd(unstarted).withForce(true).exec());
            } catch (TargetException e) {
                LOG.warn("Could not remove the unstarted container {}: {}", containerName, e.getMessage());
            }
        }

        /** Removes the app's previous container and returns its host port, so that its URL stays the same. */
        private Integer replaceExisting() throws TargetException {
            Optional<Container> previous = container(containerName);
            if (previous.isEmpty()) {
                return null;
            }
            Integer port = null;
            try {
                port = hostPort(client().inspectContainerCmd(previous.get().getId()).exec()).orElse(null);
            } catch (RuntimeException e) {
                LOG.debug("Could not read the port of {}: {}", containerName, e.toString());
            }
            engine.run("remove the previous container " + containerName,
                    () -> client().removeContainerCmd(previous.get().getId()).withForce(true).exec());
            return port;
        }

        private String create(Capacity needed, Integer previousPort) throws TargetException {
            Ports bindings = new Ports();
            // IPv4 only: the engine picks a free port for each address family apart, so a port published on both
            // can differ between them, and keeping the IPv4 one for the next build then collides with another
            // container's IPv6 one. The URL is an IPv4 one (127.0.0.1) anyway.
            ExposedPort port = ExposedPort.tcp(app.descriptor().port());
            bindings.bind(port, previousPort != null ? Ports.Binding.bindIpAndPort(ANY_IPV4, previousPort)
                    : Ports.Binding.bindIp(ANY_IPV4));
            return createContainer(app, containerName, needed, bindings, Map.of(), RestartPolicy.unlessStoppedRestart());
        }

        @Override
        public void abandon() throws TargetException {
            if (containerId != null) {
                engine.run("remove container " + containerName,
                        () -> client().removeContainerCmd(containerId).withForce(true).exec());
            }
        }

        private Optional<Integer> hostPort(InspectContainerResponse inspected) {
            Ports ports = inspected.getNetworkSettings() == null ? null : inspected.getNetworkSettings().getPorts();
            if (ports == null || ports.getBindings() == null) {
                return Optional.empty();
            }
            Ports.Binding[] bound = ports.getBindings().get(ExposedPort.tcp(app.descriptor().port()));
            if (bound == null) {
                return Optional.empty();
            }
            for (Ports.Binding binding : bound) {
                if (binding.getHostPortSpec() != null && !binding.getHostPortSpec().isBlank()) {
                    return Optional.of(Integer.parseInt(binding.getHostPortSpec()));
                }
            }
            return Optional.empty();
        }

        private URI url(int port) {
            String host = configuration.publicHost() == null ? "127.0.0.1" : configuration.publicHost();
            return URI.create("http://" + host + ":" + port + "/");
        }
    }

    void pullIfMissing(ImageReference image) throws TargetException {
        if (engine.find("inspect image " + image.byDigest(), () -> client().inspectImageCmd(image.byDigest()).exec()).isPresent()) {
            return;
        }
        engine.run("pull " + image.byDigest(), () -> {
            boolean done = client().pullImageCmd(image.name())
                    .withTag(image.digest().value())
                    .start()
                    .awaitCompletion(configuration.requestTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
            if (!done) {
                throw new java.io.IOException("the pull did not finish within " + configuration.requestTimeout().multipliedBy(4));
            }
        });
    }


    /**
     * Creates (does not start) a container of {@code app} named {@code containerName}, with its reservation in its
     * labels; {@code bindings} publishes its port (null: not published, reached on its bridge address).
     * {@code restart} is what the engine does when its process exits.
     */
    String createContainer(AppSpec app, String containerName, Capacity needed, Ports bindings, Map<String, String> moreLabels,
                           RestartPolicy restart) throws TargetException {
        ExposedPort port = ExposedPort.tcp(app.descriptor().port());
        Map<String, String> labels = new HashMap<>(configuration.extraLabels());
        labels.putAll(app.labels());
        labels.putAll(moreLabels);
        labels.put(TARGET_LABEL, name());
        labels.put(CPUS_LABEL, Capacity.number(needed.cpus()));
        labels.put(MEMORY_LABEL, Long.toString(needed.memoryMb()));
        HostConfig host = HostConfig.newHostConfig()
                .withNanoCPUs((long) (needed.cpus() * 1_000_000_000L))
                .withMemory(needed.memoryMb() * 1024 * 1024)
                .withRestartPolicy(restart);
        if (bindings != null) {
            host.withPortBindings(bindings);
        }
        List<String> environment = app.descriptor().environment().entrySet().stream()
                .map(variable -> variable.getKey() + "=" + variable.getValue())
                .toList();
        return engine.call("create container " + containerName, () -> client()
                .createContainerCmd(app.image().byDigest())
                .withName(containerName)
                .withLabels(labels)
                .withEnv(environment)
                .withExposedPorts(port)
                .withHostConfig(host)
                .exec()
                .getId());
    }

    /** The end of a container's output: where a process that died says why. */
    String lastLogLines(String id) {
        StringBuilder output = new StringBuilder();
        try {
            client().logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(10)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return "";
        }
        String text = output.toString().strip();
        return text.isEmpty() ? "" : "; its last output: " + text;
    }
}
