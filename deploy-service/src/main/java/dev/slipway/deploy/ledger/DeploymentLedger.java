package dev.slipway.deploy.ledger;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.files.JsonStateFiles;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where each plan's environments stand, in {@code <state-dir>/deployments/<plan>.json}: what
 * {@code GET /deployments/{plan}} shows, what "newest wins" compares against, the requests to
 * replay after a restart, and the request ids already handled (Kafka delivers at least once).
 * A plan whose file cannot be read throws {@link UnreadableStateFileException} (naming the file)
 * on every use, and leaves the other plans alone.
 */
@Singleton
public class DeploymentLedger {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentLedger.class);

    private final Path directory;
    private final Map<PlanName, PlanRecord> cache = new HashMap<>();

    public DeploymentLedger(DeployConfiguration configuration) {
        this.directory = configuration.stateDir().resolve("deployments");
    }

    /**
     * Records a request as accepted, before its deployment starts.
     *
     * @return false when this request was handled before: a redelivery that must do nothing
     */
    public synchronized boolean accept(DeployRequested request) {
        PlanRecord plan = load(request.plan());
        if (!plan.remember(request.eventId().toString())) {
            return false;
        }
        plan.environment(request.environment().value()).pending.add(request);
        save(request.plan(), plan);
        return true;
    }

    /** Remembers a request that will never be deployed (no such environment), so a redelivery is ignored too. */
    public synchronized boolean acknowledge(DeployRequested request) {
        PlanRecord plan = load(request.plan());
        boolean first = plan.remember(request.eventId().toString());
        if (first) {
            save(request.plan(), plan);
        }
        return first;
    }

    /** The request is done with (deployed, failed or set aside): it is not replayed after a restart. */
    public synchronized void finish(DeployRequested request) {
        PlanRecord plan = load(request.plan());
        plan.environment(request.environment().value()).pending.removeIf(r -> r.eventId().equals(request.eventId()));
        save(request.plan(), plan);
    }

    /** Records where a deployment stands; it becomes the environment's current one. */
    public synchronized void update(PlanName planName, EnvironmentName environment, Deployment deployment, boolean perBuild) {
        PlanRecord plan = load(planName);
        EnvironmentRecord record = plan.environment(environment.value());
        if (!deployment.differsFrom(record.current)) {
            return;
        }
        record.current = deployment;
        if (deployment.state() == DeploymentState.RUNNING) {
            record.serving = deployment;
        }
        if (perBuild) {
            record.kept.put(deployment.build().value(), deployment);
        }
        save(planName, plan);
    }

    public synchronized void forget(PlanName planName, EnvironmentName environment, BuildNumber build) {
        PlanRecord plan = load(planName);
        plan.environment(environment.value()).kept.remove(build.value());
        save(planName, plan);
    }

    public synchronized Optional<Deployment> current(PlanName plan, EnvironmentName environment) {
        EnvironmentRecord record = load(plan).environments.get(environment.value());
        return Optional.ofNullable(record == null ? null : record.current);
    }

    /** What a stable environment serves: the last of its deployments that ran healthy, if any. */
    public synchronized Optional<Deployment> serving(PlanName plan, EnvironmentName environment) {
        EnvironmentRecord record = load(plan).environments.get(environment.value());
        return Optional.ofNullable(record == null ? null : record.serving);
    }

    /**
     * Records that a pull request's preview closed at {@code time} and that its environment is to be removed.
     *
     * @return false when this closing was handled before: a redelivery that must do nothing
     */
    public synchronized boolean close(PlanName planName, EventId closingId, Removal removal, Instant time) {
        PlanRecord plan = load(planName);
        if (!plan.remember(closingId.toString())) {
            return false;
        }
        plan.closedPreviews.put(removal.environment().value(), time);
        plan.pendingRemovals.add(removal);
        save(planName, plan);
        return true;
    }

    /** When the preview {@code environment} last closed; empty when it never did. */
    public synchronized Optional<Instant> closedAt(PlanName plan, EnvironmentName environment) {
        return Optional.ofNullable(load(plan).closedPreviews.get(environment.value()));
    }

    /** Records a removal to do (a preview making room for a newer one), so that a restart does it too. */
    public synchronized void plan(Removal removal) {
        PlanRecord plan = load(removal.plan());
        plan.pendingRemovals.add(removal);
        save(removal.plan(), plan);
    }

    /** The environment is gone from its target: it is forgotten, and its removal is done. */
    public synchronized void removed(Removal removal) {
        PlanRecord plan = load(removal.plan());
        plan.environments.remove(removal.environment().value());
        plan.pendingRemovals.remove(removal);
        save(removal.plan(), plan);
    }

    /** Every plan with a ledger file, and its environments that have seen a deployment (see {@link #environments}). */
    public synchronized Map<PlanName, Map<EnvironmentName, Deployment>> allEnvironments() {
        Map<PlanName, Map<EnvironmentName, Deployment>> all = new java.util.TreeMap<>(java.util.Comparator.comparing(PlanName::value));
        for (PlanName plan : plans()) {
            try {
                all.put(plan, environments(plan));
            } catch (UnreadableStateFileException e) {
                LOG.error("Leaving out the environments of plan {}: {}", plan, e.getMessage());
            }
        }
        return all;
    }

    /** The builds whose apps exist in a per-build environment, oldest first. */
    public synchronized List<Deployment> kept(PlanName plan, EnvironmentName environment) {
        EnvironmentRecord record = load(plan).environments.get(environment.value());
        return record == null ? List.of() : List.copyOf(record.kept.values());
    }

    /** Every environment of the plan that has seen a deployment: environment name to its current deployment. */
    public synchronized Map<EnvironmentName, Deployment> environments(PlanName plan) {
        Map<EnvironmentName, Deployment> result = new java.util.TreeMap<>(java.util.Comparator.comparing(EnvironmentName::value));
        load(plan).environments.forEach((name, record) -> {
            if (record.current != null) {
                result.put(EnvironmentName.of(name), record.current);
            }
        });
        return result;
    }

    /**
     * Requests accepted before the last stop and not finished: they are started again. A plan
     * whose file cannot be read is left out, with an error that names the file, so that one
     * damaged file does not keep the other plans' deployments (or the service) from starting.
     */
    public synchronized List<DeployRequested> unfinished() {
        List<DeployRequested> requests = new ArrayList<>();
        for (PlanName plan : plans()) {
            try {
                load(plan).environments.values().forEach(e -> requests.addAll(e.pending));
            } catch (UnreadableStateFileException e) {
                LOG.error("Not resuming the deployments of plan {}: {}", plan, e.getMessage());
            }
        }
        return requests;
    }

    /** Removals asked for before the last stop and not done: they are done again. Damaged files are left out, as above. */
    public synchronized List<Removal> unfinishedRemovals() {
        List<Removal> removals = new ArrayList<>();
        for (PlanName plan : plans()) {
            try {
                removals.addAll(load(plan).pendingRemovals);
            } catch (UnreadableStateFileException e) {
                LOG.error("Not resuming the removals of plan {}: {}", plan, e.getMessage());
            }
        }
        return removals;
    }

    private List<PlanName> plans() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> PlanName.of(name.substring(0, name.length() - ".json".length())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private PlanRecord load(PlanName plan) {
        return cache.computeIfAbsent(plan, p -> JsonStateFiles.read(file(p), PlanRecord.class).orElseGet(PlanRecord::new));
    }

    private void save(PlanName plan, PlanRecord record) {
        JsonStateFiles.write(file(plan), record);
    }

    private Path file(PlanName plan) {
        return directory.resolve(plan.value() + ".json");
    }
}
