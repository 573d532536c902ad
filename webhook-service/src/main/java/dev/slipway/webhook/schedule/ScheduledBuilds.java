package dev.slipway.webhook.schedule;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Trigger;
import dev.slipway.webhook.git.RemoteHeads;
import dev.slipway.webhook.plan.BuildPlan;
import dev.slipway.webhook.plan.BuildPlans;
import dev.slipway.webhook.trigger.CommitPublisher;
import dev.slipway.webhook.trigger.QueuedBuild;
import dev.slipway.webhook.trigger.QueuedCommits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Builds a plan's branch on the plan's cron schedule (the classic: every day at 9 AM, so testers
 * start the day on yesterday's work). Each tick reads the branch head with {@code ls-remote} and
 * queues a build only when the head moved since the last scheduled build and nothing else queued
 * it (one build per plan and commit), unless the plan says to rebuild an unchanged head: then every
 * tick builds, and a build of a commit queued before is marked as a rebuild.
 *
 * <p>The last built head is remembered in memory. After a restart the first tick builds the head
 * again, under the same event id (derived from plan and commit), so consumers treat it as the
 * build they already made.
 */
@Singleton
public class ScheduledBuilds {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBuilds.class);

    private final BuildPlans plans;
    private final RemoteHeads remoteHeads;
    private final CommitPublisher publisher;
    private final QueuedCommits commits;
    private final TaskScheduler scheduler;
    private final MeterRegistry registry;
    private final Map<PlanName, CommitSha> lastBuilt = new ConcurrentHashMap<>();
    private final Map<PlanName, ReentrantLock> running = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();

    public ScheduledBuilds(BuildPlans plans, RemoteHeads remoteHeads, CommitPublisher publisher, QueuedCommits commits,
                           @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, MeterRegistry registry) {
        this.plans = plans;
        this.remoteHeads = remoteHeads;
        this.publisher = publisher;
        this.commits = commits;
        this.scheduler = scheduler;
        this.registry = registry;
    }

    @EventListener
    void start(StartupEvent event) {
        for (BuildPlan plan : plans.all()) {
            plan.schedule().ifPresent(schedule -> {
                scheduled.add(scheduler.schedule(schedule.cron(), schedule.zone().getId(), () -> tick(plan)));
                LOG.info("Plan {}: checking branch {} on schedule '{}' ({})", plan.name(), plan.defaultBranch().orElseThrow(),
                        schedule.cron(), schedule.zone());
            });
        }
    }

    @PreDestroy
    void stop() {
        scheduled.forEach(future -> future.cancel(false));
    }

    /** One tick of a plan's schedule. A tick that finds the previous one still running is skipped. */
    Optional<QueuedBuild> tick(BuildPlan plan) {
        ReentrantLock lock = running.computeIfAbsent(plan.name(), name -> new ReentrantLock());
        if (!lock.tryLock()) {
            count(plan, "overlapped");
            return Optional.empty();
        }
        try {
            return build(plan, plan.defaultBranch().orElseThrow(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        } catch (RuntimeException e) {
            // The broker or the Git host may be down: nothing is remembered, so the next tick tries again.
            LOG.warn("Plan {}: scheduled build failed, the next tick tries again: {}", plan.name(), e.getMessage());
            count(plan, "failed");
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private Optional<QueuedBuild> build(BuildPlan plan, BranchName branch, Instant tick) {
        Optional<CommitSha> head = remoteHeads.head(plan.lsRemoteUrl(), branch);
        if (head.isEmpty()) {
            LOG.warn("Plan {}: branch {} does not exist in {}", plan.name(), branch, plan.lsRemoteUrl());
            count(plan, "no_branch");
            return Optional.empty();
        }
        CommitSha commit = head.get();
        if (!plan.rebuildUnchanged() && commit.equals(lastBuilt.get(plan.name()))) {
            count(plan, "unchanged");
            return Optional.empty();
        }
        EventId eventId = EventId.derived("schedule/" + plan.name() + "/" + (plan.rebuildUnchanged() ? tick.toString() : commit.value()));
        String deliveryId = "schedule-" + plan.name() + "-" + tick;
        QueuedCommits.Outcome outcome = commits.once(plan.name(), commit, () -> new QueuedCommits.Queued(
                publisher.publish(eventId, plan, branch, commit, null, "", Trigger.SCHEDULE, deliveryId, false), deliveryId));
        QueuedBuild queued = outcome.queued().build();
        if (!outcome.queuedNow()) {
            if (!plan.rebuildUnchanged()) {
                // A push or a person queued this head already: one build per plan and commit.
                lastBuilt.put(plan.name(), commit);
                count(plan, "already_queued");
                return Optional.empty();
            }
            // The plan asks for a build on every tick: a deliberate rebuild, and the event says so.
            queued = commits.rebuild(plan.name(), commit, () -> new QueuedCommits.Queued(
                    publisher.publish(eventId, plan, branch, commit, null, "", Trigger.SCHEDULE, deliveryId, true), deliveryId)).build();
        }
        lastBuilt.put(plan.name(), commit);
        LOG.info("Plan {}: scheduled build queued: {}", plan.name(), queued);
        count(plan, "queued");
        return Optional.of(queued);
    }

    private void count(BuildPlan plan, String outcome) {
        Counter.builder("slipway.webhook.schedule.ticks")
                .description("Schedule ticks by plan and outcome (queued, unchanged, already_queued, no_branch, failed, overlapped)")
                .tag("plan", plan.name().value()).tag("outcome", outcome)
                .register(registry).increment();
    }
}
