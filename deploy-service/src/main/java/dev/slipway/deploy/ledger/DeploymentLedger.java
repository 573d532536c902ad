package dev.slipway.deploy.ledger;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.EnvironmentName;
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
        if (!Files.isDirectory(directory)) {
            return requests;
        }
        List<PlanName> plans;
        try (Stream<Path> files = Files.list(directory)) {
            plans = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> PlanName.of(name.substring(0, name.length() - ".json".length())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        for (PlanName plan : plans) {
            try {
                load(plan).environments.values().forEach(e -> requests.addAll(e.pending));
            } catch (UnreadableStateFileException e) {
                LOG.error("Not resuming the deployments of plan {}: {}", plan, e.getMessage());
            }
        }
        return requests;
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
