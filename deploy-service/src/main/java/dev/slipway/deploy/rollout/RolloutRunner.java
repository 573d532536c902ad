package dev.slipway.deploy.rollout;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.ledger.Deployment;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.targets.DeployTarget;
import dev.slipway.deploy.targets.Progress;
import dev.slipway.deploy.targets.Rollout;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.Targets;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.infrastructure.retry.Pacing;
import dev.slipway.infrastructure.retry.Retrier;
import dev.slipway.infrastructure.retry.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Takes one request through its target: start, wait while the cluster cannot place it (until the
 * deadline), check health, report. Every step is written to the ledger, which is what
 * {@code GET /deployments/{plan}} shows; the start, and each new reason to wait, are also told to
 * the people following the build ({@code StageProgressed}).
 */
final class RolloutRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutRunner.class);
    private static final Duration FIRST_LOOK = Duration.ofMillis(20);

    private final Targets targets;
    private final DeploymentLedger ledger;
    private final DeploymentReporter reporter;
    private final HealthProbe probe;
    /** Target calls that fail for a passing reason (engine unreachable, Marathon 5xx) are tried again with backoff. */
    private final Retrier<TargetException> retry;
    private final Duration pollInterval;

    RolloutRunner(Targets targets, DeploymentLedger ledger, DeploymentReporter reporter, HealthProbe probe,
                  DeployConfiguration configuration, RetryPolicy retryPolicy) {
        this.targets = targets;
        this.ledger = ledger;
        this.reporter = reporter;
        this.probe = probe;
        this.retry = retryPolicy.retrying(TargetException.class, TargetException::transientFailure);
        this.pollInterval = configuration.pollInterval();
    }

    /**
     * @param successor what a waiting deployment gives way to, if anything: a later request for the same environment
     *                  ("build 7"), or the environment's removal ("the removal of pr-12")
     */
    void run(DeployRequested request, Environment environment, Supplier<Optional<String>> successor)
            throws InterruptedException {
        new Run(request, environment, successor).run();
    }

    private final class Run {
        private final DeployRequested request;
        private final Environment environment;
        private final Supplier<Optional<String>> successor;
        private final DeployTarget target;
        private final AppSpec app;
        /** The causes of waiting already reported: the cluster repeats its reason at every poll. */
        private final Set<String> waitsReported = new HashSet<>();
        private Deployment record;
        private String appId;
        private HealthCheckPath healthCheck;
        private boolean roomMade;

        Run(DeployRequested request, Environment environment, Supplier<Optional<String>> successor) {
            this.request = request;
            this.environment = environment;
            this.successor = successor;
            this.target = targets.get(environment.target());
            this.app = new AppSpec(environment.appName(request.plan(), request.build().number()), request.build(),
                    request.commit(), request.image(), request.descriptor());
            this.record = Deployment.requested(request, Instant.now());
        }

        void run() throws InterruptedException {
            try {
                healthCheck = HealthCheckPath.of(request.descriptor().healthCheckPath());
            } catch (HealthCheckRefusedException e) {
                // Refused before any target is touched: nothing is started, and nothing is probed.
                fail("build " + request.build() + " was not deployed: " + e.getMessage(), false, null);
                return;
            }
            note(DeploymentState.DEPLOYING, "accepted (" + request.reason().json() + ")", null);
            reporter.started(request);
            try {
                Rollout rollout = retry.run("start " + app.name() + " on " + target.name(), () -> target.start(app));
                appId = rollout.appId();
                follow(rollout);
            } catch (TargetException e) {
                fail(e.getMessage(), e.transientFailure(), null);
            }
        }

        private void follow(Rollout rollout) throws TargetException, InterruptedException {
            Instant deadline = Instant.now().plus(environment.waitDeadline());
            Instant healthDeadline = null;
            // A container usually runs, and its app answers, within tens of milliseconds of its start.
            Pacing pacing = new Pacing(FIRST_LOOK, pollInterval);
            while (true) {
                Progress progress = retry.run("follow " + appId + " on " + target.name(), rollout::poll);
                Instant now = Instant.now();
                if (progress instanceof Progress.Waiting waiting && !roomMade && !environment.stable()) {
                    // The builds this one would replace still hold their share: room is made now
                    // rather than after it runs, and the target is asked again at once.
                    makeRoom();
                    continue;
                }
                if (progress instanceof Progress.Waiting waiting) {
                    note(DeploymentState.WAITING, waiting.reason(), null);
                    if (waitsReported.add(waiting.cause())) {
                        reporter.waiting(request, waiting.reason(), waiting.cause());
                    }
                    Optional<String> newer = successor.get();
                    if (newer.isPresent()) {
                        abandon(rollout);
                        superseded("build " + request.build() + " gave way in " + environment.name() + " to "
                                + newer.get() + ", requested while it waited: " + waiting.reason());
                        return;
                    }
                    if (now.isAfter(deadline)) {
                        abandon(rollout);
                        fail("still waiting for " + target.name() + " to place " + appId + " after "
                                + human(environment.waitDeadline()) + ": " + waiting.reason(), true, null);
                        return;
                    }
                } else if (progress instanceof Progress.Starting starting) {
                    note(DeploymentState.DEPLOYING, starting.detail(), null);
                    if (now.isAfter(deadline)) {
                        abandon(rollout);
                        fail(appId + " did not start on " + target.name() + " within " + human(environment.waitDeadline())
                                + ": " + starting.detail(), true, null);
                        return;
                    }
                } else if (progress instanceof Progress.Placed placed) {
                    healthDeadline = healthDeadline != null ? healthDeadline : now.plus(environment.healthTimeout());
                    HealthProbe.Result health = probe.check(placed.url(), healthCheck);
                    if (health.healthy()) {
                        // A stable environment's URL moves to the new build only now (blue-green), and stays the same.
                        URI url = environment.stable()
                                ? retry.run("move " + environment.name() + " to " + appId, () -> rollout.promote(placed.url()))
                                : placed.url();
                        note(DeploymentState.RUNNING, null, url);
                        LOG.info("{} runs in {} at {}", request.build(), environment.name(), url);
                        if (reporter.running(request, target.type(), appId, url)) {
                            ledger.finish(request);
                        }
                        if (!environment.stable() && !roomMade) {
                            makeRoomAfterwards();
                        }
                        return;
                    }
                    note(DeploymentState.DEPLOYING, "waiting for the health check: " + health.description(), placed.url());
                    if (now.isAfter(healthDeadline)) {
                        String reason = "health check failed for " + human(environment.healthTimeout()) + ": " + health.description();
                        if (environment.stable()) {
                            // The environment must not go dark: the build goes, its last output is kept in the reason.
                            rollBack(rollout, reason);
                        } else {
                            // A per-build app is left as it is, so that a person can look at why it is unhealthy.
                            fail(reason, false, placed.url());
                        }
                        return;
                    }
                } else if (progress instanceof Progress.Failed failed) {
                    if (environment.stable()) {
                        rollBack(rollout, failed.reason());
                    } else {
                        fail(failed.reason(), false, null);
                    }
                    return;
                }
                Thread.sleep(pacing.next().toMillis());
            }
        }

        /**
         * After this build runs and is reported, the oldest of the others beyond {@code keep} go. Their
         * removal is not this build's deployment: a failure to remove one is logged, and tried again by
         * the plan's next build.
         */
        private void makeRoomAfterwards() throws InterruptedException {
            try {
                makeRoom();
            } catch (TargetException e) {
                LOG.warn("Could not remove older builds of {} from {}: {}", request.plan(), environment.name(), e.getMessage());
            }
        }

        /**
         * A per-build environment keeps {@code keep} builds' apps: the oldest others make room for this
         * one. That is done once this one runs, so that its start never waits for their removal and the
         * newest older build serves until then; or at once, when the target has no room for this one.
         */
        private void makeRoom() throws TargetException, InterruptedException {
            roomMade = true;
            List<Deployment> others = ledger.kept(request.plan(), environment.name()).stream()
                    .filter(d -> !d.build().equals(request.build().number()))
                    .toList();
            int excess = others.size() - (environment.keep() - 1);
            for (int i = 0; i < excess; i++) {
                Deployment oldest = others.get(i);
                retry.run("remove build " + oldest.build() + " from " + environment.name(),
                        () -> target.remove(environment.appName(request.plan(), oldest.build())));
                ledger.forget(request.plan(), environment.name(), oldest.build());
                LOG.info("Removed build {} of {} from {} to keep {} build(s)", oldest.build(), request.plan(),
                        environment.name(), environment.keep());
            }
        }

        /**
         * A stable environment's new build failed: it is stopped and removed, and the environment stays on its last
         * healthy build. That is a rolled-back deployment, with where the environment still serves; when there is no
         * earlier build to stay on, it is a plain failure, and nothing of this build is left running.
         */
        private void rollBack(Rollout rollout, String failure) throws InterruptedException {
            Rollout.RolledBack back;
            try {
                back = retry.run("roll " + appId + " back", rollout::rollBack);
            } catch (TargetException e) {
                fail(failure + "; it could not be removed: " + e.getMessage(), false, null);
                return;
            }
            String reason = failure + back.lastOutput();
            if (back.serving() == null) {
                fail(reason + "; it was removed, and " + environment.name() + " has no earlier healthy build to serve", false, null);
                return;
            }
            String rolledBack = "build " + request.build() + " was stopped and " + environment.name()
                    + " stays on its last healthy build at " + back.serving() + ": " + reason;
            note(DeploymentState.ROLLED_BACK, rolledBack, back.serving());
            LOG.warn("Rolled {} back in {}: {}", request.build(), environment.name(), rolledBack);
            if (reporter.rolledBack(request, target.type(), appId, back.serving(), rolledBack)) {
                ledger.finish(request);
            }
        }

        private void abandon(Rollout rollout) throws InterruptedException {
            try {
                retry.run("abandon " + appId, rollout::abandon);
            } catch (TargetException e) {
                LOG.warn("Could not undo the rollout of {} on {}: {}", appId, target.name(), e.getMessage());
            }
        }

        private void note(DeploymentState state, String detail, URI url) {
            record = record.with(state, detail, url, appId, Instant.now());
            ledger.update(request.plan(), environment.name(), record, !environment.stable());
        }

        private void fail(String reason, boolean retryable, URI url) throws InterruptedException {
            note(DeploymentState.FAILED, reason, url);
            LOG.warn("Deploying {} to {} failed: {}", request.build(), environment.name(), reason);
            if (reporter.failed(request, target.type(), appId, reason, retryable)) {
                ledger.finish(request);
            }
        }

        private void superseded(String reason) throws InterruptedException {
            note(DeploymentState.SUPERSEDED, reason, null);
            LOG.info(reason);
            if (reporter.superseded(request, target.type(), appId, reason)) {
                ledger.finish(request);
            }
        }
    }

    /** PT30S as "30s", PT10M as "10m": as a person writes a duration. */
    static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
