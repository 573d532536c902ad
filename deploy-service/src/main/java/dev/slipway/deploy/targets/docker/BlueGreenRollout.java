package dev.slipway.deploy.targets.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.targets.Progress;
import dev.slipway.deploy.targets.Rollout;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.events.descriptor.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A stable environment's new build on the Docker engine, blue-green: its container starts beside the
 * one that serves (named {@code <app>-<build>}, its port not published), is health checked on its
 * bridge address, and only once healthy does the proxy's stable URL move to it; then the old container
 * goes. A build that fails is removed and the proxy never moved.
 *
 * <p>Both containers hold their reservation while they overlap: a target without room for the new one
 * next to the old one makes the deployment wait, as any other, while the old one keeps serving.
 */
final class BlueGreenRollout implements Rollout {
    private static final Logger LOG = LoggerFactory.getLogger(BlueGreenRollout.class);

    private final DockerEngineTarget target;
    private final StableProxy proxy;
    private final AppSpec app;
    /** The app's name: the proxy's file, frontend and backend, and the label on its containers. */
    private final String appName;
    private String containerName;
    private String containerId;
    private String address;
    private boolean imagePresent;
    /** The failure already said what the container wrote last: a rollback does not repeat it. */
    private boolean outputReported;

    BlueGreenRollout(DockerEngineTarget target, StableProxy proxy, AppSpec app) {
        this.target = target;
        this.proxy = proxy;
        this.app = app;
        this.appName = app.name().slug();
        this.containerName = appName + "-" + app.build().number().value();
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
        Optional<InspectContainerResponse> found = target.engine().find("inspect container " + containerName,
                () -> target.client().inspectContainerCmd(containerId).exec());
        if (found.isEmpty()) {
            return new Progress.Failed("container " + containerName + " was removed while it started");
        }
        InspectContainerResponse inspected = found.get();
        InspectContainerResponse.ContainerState state = inspected.getState();
        String status = state.getStatus() == null ? "" : state.getStatus();
        Integer restarts = inspected.getRestartCount();
        // The restart policy brings a crashing container back: one restart is enough to know it crashes.
        if ((restarts != null && restarts > 0) || status.equals("restarting") || status.equals("exited") || status.equals("dead")) {
            outputReported = true;
            return new Progress.Failed("container " + containerName + " exited with code " + state.getExitCodeLong()
                    + target.lastLogLines(containerId));
        }
        if (status.equals("running")) {
            Optional<String> ip = bridgeAddress(inspected);
            if (ip.isPresent()) {
                address = ip.get();
                return new Progress.Placed(URI.create("http://" + address + ":" + app.descriptor().port() + "/"));
            }
            return new Progress.Starting("container running; waiting for its network address");
        }
        return new Progress.Starting("container " + status);
    }

    private Progress place() throws TargetException {
        // Checked before anything starts: without the proxy there is no way to switch without going dark.
        proxy.requireRunning();
        if (!imagePresent) {
            target.pullIfMissing(app.image());
            imagePresent = true;
        }
        Resources resources = app.descriptor().resources();
        Capacity needed = new Capacity(resources.cpus(), resources.memoryMb());
        synchronized (target.account()) {
            // Nothing is given way to: the serving container holds its share until the new one took over.
            Optional<String> shortfall = target.free(null).shortfall(needed);
            if (shortfall.isPresent()) {
                boolean serving = proxy.route(appName).isPresent() || target.container(appName).isPresent();
                return new Progress.Waiting(shortfall.get()
                        + (serving ? " (the serving build keeps its share until this one is healthy)" : ""), shortfall.get());
            }
            makeNameFree();
            // Not restarted while it is on trial: its first exit is the verdict, and its exit code and output stay as they were.
            // It gets the restart policy of a serving container once it serves (promote).
            containerId = target.createContainer(app, containerName, needed, null, Map.of(DockerEngineTarget.APP_LABEL, appName),
                    RestartPolicy.noRestart());
        }
        try {
            target.engine().run("start container " + containerName, () -> target.client().startContainerCmd(containerId).exec());
        } catch (TargetException e) {
            removeCandidate();
            throw e;
        }
        LOG.info("Started container {} of {} beside the serving one on {}", containerName, app.build(), target.name());
        return new Progress.Starting("container created beside the serving one");
    }

    /**
     * A container of the same name is either left over from an earlier try of this build (it goes) or is
     * the one serving, when the same build is deployed again (the new one then takes another name).
     */
    private void makeNameFree() throws TargetException {
        Optional<Container> existing = target.container(containerName);
        if (existing.isEmpty()) {
            return;
        }
        Optional<StableProxy.Route> route = proxy.route(appName);
        if (route.isPresent() && route.get().server().equals(containerName)) {
            containerName = containerName + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
            return;
        }
        target.removeContainer(existing.get().getId(), containerName);
    }

    @Override
    public URI promote(URI placed) throws TargetException {
        String id = containerId;
        // From now on it serves: the engine restarts it as it did the container it replaces.
        target.engine().run("set the restart policy of " + containerName, () -> target.client().updateContainerCmd(id)
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart()).exec());
        URI stable;
        try {
            stable = proxy.switchTo(appName, containerName, address, app.descriptor().port());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while moving the stable URL of " + appName + " to " + containerName, e);
        }
        // The proxy no longer sends anything to the others, and the workers that did have finished.
        try {
            for (Container other : target.appContainers(appName)) {
                if (!other.getId().equals(containerId)) {
                    target.removeContainer(other.getId(), other.getNames()[0].substring(1));
                }
            }
            // One deployed before blue-green, named as the app and with a published port, is taken over.
            Optional<Container> legacy = target.container(appName);
            if (legacy.isPresent()) {
                target.removeContainer(legacy.get().getId(), appName);
            }
        } catch (TargetException e) {
            LOG.warn("{} serves {}, but the containers it replaced could not all be removed: {}", containerName, stable,
                    e.getMessage());
        }
        return stable;
    }

    @Override
    public RolledBack rollBack() throws TargetException {
        String output = containerId == null || outputReported ? "" : target.lastLogLines(containerId);
        removeCandidate();
        return new RolledBack(serving().orElse(null), output);
    }

    @Override
    public void abandon() throws TargetException {
        removeCandidate();
    }

    /** Where the app still serves: the proxy's URL while the container it routes to runs, or a pre-blue-green container's. */
    private Optional<URI> serving() throws TargetException {
        Optional<StableProxy.Route> route = proxy.route(appName);
        if (route.isPresent()) {
            Optional<Container> routed = target.container(route.get().server());
            if (routed.isPresent() && "running".equals(routed.get().getState())) {
                return Optional.of(proxy.url(route.get()));
            }
            return Optional.empty();
        }
        Optional<Container> legacy = target.container(appName);
        if (legacy.isPresent() && "running".equals(legacy.get().getState()) && legacy.get().getPorts() != null) {
            for (var port : legacy.get().getPorts()) {
                if (port.getPublicPort() != null && port.getPrivatePort() != null && port.getPrivatePort() == app.descriptor().port()) {
                    String host = target.configuration().publicHost() == null ? "127.0.0.1" : target.configuration().publicHost();
                    return Optional.of(URI.create("http://" + host + ":" + port.getPublicPort() + "/"));
                }
            }
        }
        return Optional.empty();
    }

    private void removeCandidate() throws TargetException {
        if (containerId != null) {
            String id = containerId;
            containerId = null;
            target.removeContainer(id, containerName);
        }
    }

    private static Optional<String> bridgeAddress(InspectContainerResponse inspected) {
        if (inspected.getNetworkSettings() == null || inspected.getNetworkSettings().getNetworks() == null) {
            return Optional.empty();
        }
        return inspected.getNetworkSettings().getNetworks().values().stream()
                .map(ContainerNetwork::getIpAddress)
                .filter(ip -> ip != null && !ip.isBlank())
                .findFirst();
    }
}
