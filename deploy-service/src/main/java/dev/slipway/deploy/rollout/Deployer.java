package dev.slipway.deploy.rollout;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.environment.EnvironmentNotConfiguredException;
import dev.slipway.deploy.environment.Environments;
import dev.slipway.deploy.ledger.Deployment;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.deploy.targets.Targets;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.DeployReason;
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
 * Deploys what {@code DeployRequested} asks for. Each environment of a plan has one lane: its
 * requests are deployed one after another, never two at once, while other environments proceed.
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
    private final ExecutorService workers = Executors.newCachedThreadPool(new LaneThreads());
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public Deployer(Environments environments, Targets targets, DeploymentLedger ledger, DeploymentReporter reporter,
                    HealthProbe probe, DeployConfiguration configuration, RetryPolicy retryPolicy) {
        this.environments = environments;
        this.ledger = ledger;
        this.reporter = reporter;
        this.runner = new RolloutRunner(targets, ledger, reporter, probe, configuration, retryPolicy);
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
        lane(request).add(request);
    }

    @EventListener
    void resumeUnfinished(StartupEvent event) {
        for (DeployRequested request : ledger.unfinished()) {
            LOG.info("Resuming the deployment of {} to {}, cut short by the last stop", request.build(), request.environment());
            lane(request).add(request);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        // Interrupted rollouts stay pending in the ledger and resume on the next start.
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private Lane lane(DeployRequested request) {
        return lanes.computeIfAbsent(request.plan() + "/" + request.environment(), key -> new Lane());
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
        runner.run(request, environment, () -> lane.replacing(request, environment));
    }

    /** The requests of one plan's environment, deployed one at a time in arrival order. */
    private final class Lane implements Runnable {
        private final Deque<DeployRequested> queue = new ArrayDeque<>();
        private boolean draining;

        synchronized void add(DeployRequested request) {
            queue.add(request);
            if (!draining) {
                draining = true;
                workers.execute(this);
            }
        }

        private synchronized DeployRequested next() {
            DeployRequested request = queue.poll();
            if (request == null) {
                draining = false;
            }
            return request;
        }

        /** A queued request that will replace the one in hand: a newer build, or a rollback. */
        synchronized Optional<DeployRequested> replacing(DeployRequested inHand, Environment environment) {
            return queue.stream()
                    .filter(queued -> queued.build().number().compareTo(inHand.build().number()) > 0
                            || (environment.stable() && queued.reason() == DeployReason.ROLLBACK))
                    .findFirst();
        }

        @Override
        public void run() {
            try {
                for (DeployRequested request = next(); request != null; request = next()) {
                    try {
                        deploy(request, this);
                    } catch (RuntimeException e) {
                        LOG.error("Deploying {} to {} failed unexpectedly", request.build(), request.environment(), e);
                        if (reporter.failed(request, null, null, "the deploy service failed: " + e, true)) {
                            ledger.finish(request);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
