package dev.slipway.deploy.rollout;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.environment.EnvironmentNotConfiguredException;
import dev.slipway.deploy.environment.Environments;
import dev.slipway.deploy.ledger.Deployment;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.deploy.ledger.Removal;
import dev.slipway.deploy.preview.PreviewQuota;
import dev.slipway.deploy.targets.Targets;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import dev.slipway.infrastructure.retry.RetryPolicy;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deploys what {@code DeployRequested} asks for, and takes environments down (previews). Each environment of a plan
 * has one lane: its requests and its removal are done one after another, never two at once, while other
 * environments proceed.
 * A request is written to the ledger before the listener returns, so a deployment that waits for
 * resources does not hold up the consumer, and one cut short by a restart is started again.
 */
@Singleton
public class Deployer {
    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

    private final Environments environments;
    private final DeploymentLedger ledger;
    private final DeploymentReporter reporter;
    private final RolloutRunner runner;
    private final EnvironmentRemover remover;
    private final PreviewQuota previewQuota;
    private final ExecutorService workers = Executors.newCachedThreadPool(new LaneThreads());
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public Deployer(Environments environments, Targets targets, DeploymentLedger ledger, DeploymentReporter reporter,
                    HealthProbe probe, DeployConfiguration configuration, RetryPolicy retryPolicy, PreviewQuota previewQuota) {
        this.environments = environments;
        this.ledger = ledger;
        this.reporter = reporter;
        this.runner = new RolloutRunner(targets, ledger, reporter, probe, configuration, retryPolicy);
        this.remover = new EnvironmentRemover(targets, ledger, reporter, retryPolicy);
        this.previewQuota = previewQuota;
    }

    /** Takes an environment down after what its lane holds now; the removal is in the ledger already. */
    public void remove(Removal removal) {
        lane(removal.plan(), removal.environment()).add(new Work.Remove(removal));
    }

    /** Takes a request from the topic; one seen before is ignored. */
    public void accept(DeployRequested request) {
        try {
            take(request);
        } catch (InterruptedException e) {
            // The service is stopping while it reports: the request is left as when the broker does not take the report.
            Thread.currentThread().interrupt();
        }
    }

    private void take(DeployRequested request) throws InterruptedException {
        try {
            try {
                environments.require(request.environment(), request.plan());
            } catch (EnvironmentNotConfiguredException e) {
                if (ledger.acknowledge(request)) {
                    LOG.warn("Not deploying {} to {}: {}", request.build(), request.environment(), e.getMessage());
                    reporter.setAside(request, "build " + request.build() + " was not deployed: " + e.getMessage());
                }
                return;
            }
            if (!ledger.accept(request)) {
                LOG.info("Ignoring request {} for {} in {}: it was handled before", request.eventId(), request.build(), request.environment());
                return;
            }
        } catch (UnreadableStateFileException e) {
            // Delivering the request again would not repair the plan's ledger: the request ends
            // here, naming the file, and may be sent again once the file is restored or moved aside.
            LOG.error("Not deploying {} to {}: {}", request.build(), request.environment(), e.getMessage());
            reporter.failed(request, null, null, "build " + request.build() + " was not deployed: " + e.getMessage(), true);
            return;
        }
        lane(request.plan(), request.environment()).add(new Work.Deploy(request));
    }

    @EventListener
    void resumeUnfinished(StartupEvent event) {
        for (DeployRequested request : ledger.unfinished()) {
            LOG.info("Resuming the deployment of {} to {}, cut short by the last stop", request.build(), request.environment());
            lane(request.plan(), request.environment()).add(new Work.Deploy(request));
        }
        for (Removal removal : ledger.unfinishedRemovals()) {
            LOG.info("Resuming the removal of {} of {}, cut short by the last stop", removal.environment(), removal.plan());
            remove(removal);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        // Interrupted rollouts stay pending in the ledger and resume on the next start.
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private Lane lane(PlanName plan, EnvironmentName environment) {
        return lanes.computeIfAbsent(plan + "/" + environment, key -> new Lane());
    }

    private void deploy(DeployRequested request, Lane lane) throws InterruptedException {
        Environment environment;
        try {
            environment = environments.require(request.environment(), request.plan());
        } catch (EnvironmentNotConfiguredException e) {
            // The configuration changed between acceptance and a restart.
            if (reporter.setAside(request, "build " + request.build() + " was not deployed: " + e.getMessage())) {
                ledger.finish(request);
            }
            return;
        }
        if (environment.preview() && previewClosed(request, lane)) {
            return;
        }
        Optional<Deployment> current = ledger.current(request.plan(), environment.name());
        if (environment.stable() && request.reason() != DeployReason.ROLLBACK && current.isPresent()
                && current.get().build().compareTo(request.build().number()) > 0) {
            String reason = "build " + request.build() + " was not deployed to " + environment.name()
                    + ": it already has the newer build " + current.get().build()
                    + "; only a rollback replaces a newer build with an older one";
            LOG.info(reason);
            // Not written to the ledger: the environment's deployment is still the newer build.
            if (reporter.superseded(request, null, null, reason)) {
                ledger.finish(request);
            }
            return;
        }
        if (environment.preview()) {
            for (Removal removal : previewQuota.makeRoomFor(request)) {
                remove(removal);
            }
        }
        runner.run(request, environment, () -> lane.replacing(request, environment));
    }

    /**
     * A preview requested before its pull request closed, or whose removal waits behind it in the lane, is not
     * deployed: it would outlive the pull request. (A request made after the closing is a person's, or a reopened
     * pull request's: the policy checked the head's time against the closing.)
     */
    private boolean previewClosed(DeployRequested request, Lane lane) throws InterruptedException {
        Optional<java.time.Instant> closedAt = ledger.closedAt(request.plan(), request.environment());
        if (!lane.removalQueued() && (closedAt.isEmpty() || request.time().isAfter(closedAt.get()))) {
            return false;
        }
        String reason = "build " + request.build() + " was not deployed to " + request.environment()
                + ": its pull request was closed" + closedAt.map(time -> " at " + time).orElse("");
        LOG.info(reason);
        if (reporter.superseded(request, null, null, reason)) {
            ledger.finish(request);
        }
        return true;
    }

    private void takeDown(Removal removal) throws InterruptedException {
        Optional<Environment> environment = environments.find(removal.environment(), removal.plan());
        if (environment.isEmpty()) {
            // The configuration changed since: no target is known to take it down from.
            LOG.warn("Not removing {} of {}: no environment of kind preview takes the plan any more", removal.environment(),
                    removal.plan());
            ledger.removed(removal);
            return;
        }
        remover.remove(removal, environment.get());
    }

    /** What a lane does: deploy a request, or take its environment down. */
    private sealed interface Work {
        record Deploy(DeployRequested request) implements Work {
        }

        record Remove(Removal removal) implements Work {
        }
    }

    /** The work of one plan's environment, done one at a time in arrival order. */
    private final class Lane implements Runnable {
        private final Deque<Work> queue = new ArrayDeque<>();
        private boolean draining;

        synchronized void add(Work work) {
            queue.add(work);
            if (!draining) {
                draining = true;
                workers.execute(this);
            }
        }

        private synchronized Work next() {
            Work work = queue.poll();
            if (work == null) {
                draining = false;
            }
            return work;
        }

        /**
         * What will replace the request in hand, said as the people following it read it: a queued newer build or
         * rollback ("build shop/7"), or the environment's removal ("the removal of pr-12").
         */
        synchronized Optional<String> replacing(DeployRequested inHand, Environment environment) {
            for (Work work : queue) {
                if (work instanceof Work.Remove remove) {
                    return Optional.of("the removal of " + remove.removal().environment());
                }
                DeployRequested queued = ((Work.Deploy) work).request();
                if (queued.build().number().compareTo(inHand.build().number()) > 0
                        || (environment.stable() && queued.reason() == DeployReason.ROLLBACK)) {
                    return Optional.of("build " + queued.build());
                }
            }
            return Optional.empty();
        }

        /** Whether the environment is to be taken down after what is in hand. */
        synchronized boolean removalQueued() {
            return queue.stream().anyMatch(Work.Remove.class::isInstance);
        }

        @Override
        public void run() {
            try {
                for (Work work = next(); work != null; work = next()) {
                    if (work instanceof Work.Deploy deploy) {
                        run(deploy.request());
                    } else if (work instanceof Work.Remove remove) {
                        try {
                            takeDown(remove.removal());
                        } catch (RuntimeException e) {
                            // It stays pending in the ledger, and is done again at the next start.
                            LOG.error("Removing {} of {} failed unexpectedly", remove.removal().environment(), remove.removal().plan(), e);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run(DeployRequested request) throws InterruptedException {
            try {
                deploy(request, this);
            } catch (RuntimeException e) {
                LOG.error("Deploying {} to {} failed unexpectedly", request.build(), request.environment(), e);
                if (reporter.failed(request, null, null, "the deploy service failed: " + e, true)) {
                    ledger.finish(request);
                }
            }
        }
    }

    private static final class LaneThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "deploy-lane-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
