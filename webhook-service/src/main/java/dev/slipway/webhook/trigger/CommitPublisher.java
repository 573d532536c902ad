package dev.slipway.webhook.trigger;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.webhook.plan.BuildPlan;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes the one event every trigger ends in (and, for a pull request that ended, the event that
 * takes its preview down), and returns (or completes) only once the broker has
 * acknowledged it (idempotent producer, {@code acks=all}), so a caller can promise that it is durable.
 */
@Singleton
public class CommitPublisher {
    // KafkaProducer.send blocks its caller while it has no metadata for the topic (the first send,
    // a topic unused for metadata.max.idle.ms = 5 minutes, a broker that is down) or no buffer memory
    // left (a broker that has stopped taking events). An acknowledgement within the last minute, no
    // failure since, and few events still unacknowledged mean neither is the case.
    private static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int FEW_UNACKNOWLEDGED = 1000;

    private final EventPublisher publisher;
    private final Duration timeout;
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private volatile long lastAcknowledged;
    private volatile boolean acknowledgedYet;
    private volatile boolean failedSince;

    public CommitPublisher(EventPublisher publisher, EventsConfiguration configuration) {
        this.publisher = publisher;
        this.timeout = configuration.publishTimeout();
    }

    /**
     * @param eventId    derived from what caused the build, so that the same cause always gives the same id
     * @param deliveryId the provider's delivery id, or the schedule tick / manual request
     * @param rebuild    someone asked to build again a commit that may have been built before
     * @throws EventNotPublishedException when the broker did not acknowledge the event in time
     */
    public QueuedBuild publish(EventId eventId, BuildPlan plan, BranchName branch, CommitSha commit, Author author, String message,
                               Trigger trigger, String deliveryId, boolean rebuild) {
        publisher.publishAndWait(event(eventId, plan, branch, commit, author, message, trigger, deliveryId, rebuild, null), timeout);
        return new QueuedBuild(plan.name(), branch, commit, trigger, eventId);
    }

    /**
     * {@link #publish} without a waiting thread: the future completes when the broker has
     * acknowledged the event, or fails with {@link EventNotPublishedException} when it has not
     * within the publish timeout (the producer's delivery timeout, which {@link EventPublisher#connect} sets from it).
     * Concurrent deliveries thereby share the producer's batches instead of each holding a thread.
     */
    public CompletableFuture<QueuedBuild> publishAsync(EventId eventId, BuildPlan plan, BranchName branch, CommitSha commit, Author author,
                                                       String message, Trigger trigger, String deliveryId, boolean rebuild) {
        return send(event(eventId, plan, branch, commit, author, message, trigger, deliveryId, rebuild, null),
                new QueuedBuild(plan.name(), branch, commit, trigger, eventId));
    }

    /**
     * {@link #publishAsync} for a preview of a pull request's head: trigger {@code pull-request},
     * the branch is the request's source branch, the repository the plan's.
     */
    public CompletableFuture<QueuedBuild> publishPreviewAsync(EventId eventId, BuildPlan plan, PullRequest pullRequest, CommitSha head,
                                                              Author author, String deliveryId) {
        return send(event(eventId, plan, pullRequest.sourceBranch(), head, author, pullRequest.title(), Trigger.PULL_REQUEST, deliveryId, false,
                pullRequest), new QueuedBuild(plan.name(), pullRequest.sourceBranch(), head, Trigger.PULL_REQUEST, eventId, pullRequest.number()));
    }

    /** Writes that a pull request into the plan's branches ended, so that its preview is taken down; as {@link #publishAsync}. */
    public CompletableFuture<ClosedPullRequest> publishClosedAsync(EventId eventId, BuildPlan plan, int number, PullRequestOutcome outcome,
                                                                   String deliveryId) {
        return send(new PullRequestClosed(eventId, null, Instant.now().truncatedTo(ChronoUnit.MILLIS), plan.name(), plan.repository(),
                number, outcome, deliveryId), new ClosedPullRequest(plan.name(), number, outcome, eventId));
    }

    /** Sends the event; the future completes with {@code acknowledged} once the broker has it. */
    private <T> CompletableFuture<T> send(PipelineEvent event, T acknowledgedAs) {
        CompletableFuture<T> sent = new CompletableFuture<>();
        CompletableFuture<?> acknowledged;
        unacknowledged.incrementAndGet();
        try {
            acknowledged = publisher.publish(event);
        } catch (RuntimeException e) {
            unacknowledged.decrementAndGet();
            failedSince = true;
            throw new EventNotPublishedException("could not publish " + event.type().topic() + ": " + e.getMessage(), e);
        }
        acknowledged.whenComplete((metadata, failed) -> {
            unacknowledged.decrementAndGet();
            if (failed == null) {
                lastAcknowledged = System.nanoTime();
                acknowledgedYet = true;
                failedSince = false;
                sent.complete(acknowledgedAs);
            } else {
                failedSince = true;
                sent.completeExceptionally(notPublished(event, failed));
            }
        });
        return sent;
    }

    /**
     * Whether {@link #publishAsync} can be expected to return at once rather than block its caller
     * (see RECENT_NANOS): the broker acknowledged an event within the last minute, nothing failed
     * since, and few events await their acknowledgement. When not, a caller on an event loop hands
     * the publish to a worker thread.
     */
    public boolean sendsWithoutWaiting() {
        return acknowledgedYet && !failedSince && System.nanoTime() - lastAcknowledged < RECENT_NANOS
                && unacknowledged.get() < FEW_UNACKNOWLEDGED;
    }

    private EventNotPublishedException notPublished(PipelineEvent event, Throwable failed) {
        Throwable cause = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
        String topic = event.type().topic();
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new EventNotPublishedException("the broker did not acknowledge " + topic + " within " + timeout + ": "
                    + cause.getMessage(), cause);
        }
        return new EventNotPublishedException("the broker refused " + topic + ": " + cause.getMessage(), cause);
    }

    private static CommitReceived event(EventId eventId, BuildPlan plan, BranchName branch, CommitSha commit, Author author, String message,
                                        Trigger trigger, String deliveryId, boolean rebuild, PullRequest pullRequest) {
        return new CommitReceived(eventId, null, Instant.now().truncatedTo(ChronoUnit.MILLIS), plan.name(),
                plan.repository(), branch, commit, author, message, trigger, deliveryId, rebuild, pullRequest);
    }
}
