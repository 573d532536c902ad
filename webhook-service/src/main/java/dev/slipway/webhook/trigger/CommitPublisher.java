package dev.slipway.webhook.trigger;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.webhook.plan.BuildPlan;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes the one event every trigger ends in, and returns only once the broker has acknowledged
 * it (idempotent producer, {@code acks=all}), so a caller can promise that it is durable.
 */
@Singleton
public class CommitPublisher {
    private final EventPublisher publisher;
    private final Duration timeout;

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
        CommitReceived event = new CommitReceived(eventId, null, Instant.now().truncatedTo(ChronoUnit.MILLIS), plan.name(),
                plan.repository(), branch, commit, author, message, trigger, deliveryId, rebuild);
        publisher.publishAndWait(event, timeout);
        return new QueuedBuild(plan.name(), branch, commit, trigger, eventId);
    }
}
