package dev.slipway.webhook.trigger;

import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.webhook.WebhookConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * One build per plan and commit. A merge arrives twice (GitHub's {@code push} and
 * {@code pull_request}, Bitbucket's {@code repo:refs_changed} and {@code pr:merged}, GitLab's
 * {@code Push Hook} and {@code Merge Request Hook}), and a signed body can be replayed under a new
 * delivery id; each would otherwise be a new build number that then deploys again. Within the
 * redelivery window, the second finds the first's build and queues nothing; only a deliberate
 * rebuild (a schedule that rebuilds unchanged heads, a manual build that asks for it) builds the
 * same commit again. The memory is this process's; the artifact service keeps it across restarts.
 */
@Singleton
public class QueuedCommits {
    private final OnceWithin<Queued> queued;

    public QueuedCommits(WebhookConfiguration configuration, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this(configuration.redeliveryWindow(), Clock.systemUTC(), blocking);
    }

    QueuedCommits(Duration window, Clock clock) {
        this(window, clock, ForkJoinPool.commonPool());
    }

    private QueuedCommits(Duration window, Clock clock, Executor retries) {
        this.queued = new OnceWithin<>(window, clock, build -> true, retries);
    }

    /** A build and the request that queued it. */
    public record Queued(QueuedBuild build, String deliveryId) {
    }

    /**
     * @param publish writes the build's event; called only when this plan has not queued this commit yet
     */
    public Outcome once(PlanName plan, CommitSha commit, Supplier<Queued> publish) {
        OnceWithin.Result<Queued> result = queued.once(key(plan, commit), publish);
        return new Outcome(result.value(), result.fresh(), result.since());
    }

    /** {@link #once} for a publish that completes when the broker has acknowledged the event. */
    public CompletableFuture<Outcome> onceAsync(PlanName plan, CommitSha commit, Supplier<CompletableFuture<Queued>> publish) {
        return queued.onceAsync(key(plan, commit), publish).thenApply(result -> new Outcome(result.value(), result.fresh(), result.since()));
    }

    /**
     * {@link #onceAsync} for a preview of a pull request's head: counted apart from the plan's own
     * builds, so that a head that becomes the target branch's by a fast-forward merge is still
     * built there; and once per request and head, so that an update that moved no commit (a title
     * edit, which Bitbucket Cloud reports as {@code pullrequest:updated}) queues nothing.
     */
    public CompletableFuture<Outcome> oncePreviewAsync(PlanName plan, int pullRequest, CommitSha head, Supplier<CompletableFuture<Queued>> publish) {
        return queued.onceAsync(key(plan, head) + "#pr-" + pullRequest, publish)
                .thenApply(result -> new Outcome(result.value(), result.fresh(), result.since()));
    }

    /**
     * Forgets the previews of a pull request that ended: its environment is taken down, so a
     * reopened request builds its head again, even the same head.
     */
    public void forgetPreviews(PlanName plan, int pullRequest) {
        String prefix = plan.value() + "@";
        String suffix = "#pr-" + pullRequest;
        queued.forget(key -> key.startsWith(prefix) && key.endsWith(suffix));
    }

    /** Queues the commit again whatever was queued before, and remembers this build. */
    public Queued rebuild(PlanName plan, CommitSha commit, Supplier<Queued> publish) {
        return queued.always(key(plan, commit), publish);
    }

    /**
     * @param queued    the build queued now, or the one queued before
     * @param queuedNow whether this call queued it
     * @param at        when it was queued
     */
    public record Outcome(Queued queued, boolean queuedNow, Instant at) {

        /** Why nothing new was queued, as an answer says it. */
        public String reason() {
            QueuedBuild build = queued.build();
            if (build.pullRequest() != null) {
                return "plan " + build.plan() + " already queued head " + build.commit().shortSha() + " of pull request #" + build.pullRequest()
                        + " at " + at + " (" + queued.deliveryId() + "); a head is previewed once";
            }
            return "plan " + build.plan() + " already queued commit " + build.commit().shortSha() + " at " + at
                    + " (" + queued.deliveryId() + "); a commit is built once per plan";
        }
    }

    private static String key(PlanName plan, CommitSha commit) {
        return plan.value() + "@" + commit.value();
    }
}
