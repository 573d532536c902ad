package dev.slipway.events;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;

import java.time.Instant;

/**
 * What every event on the pipeline carries. The record key on Kafka is {@link #plan()}, so the
 * events of one plan stay in order; {@link #causationId()} links an event to the one that caused
 * it, so a build's whole history can be followed from its first commit.
 */
public sealed interface PipelineEvent
        permits CommitReceived, ArtifactStored, ImageBuilt, DeployRequested, DeploymentFinished, StageFailed,
        StageProgressed, PullRequestClosed {

    EventId eventId();

    /** The event this one answers; null only for an event that starts a build. */
    EventId causationId();

    Instant time();

    PlanName plan();

    /** The build this event is about; null before the artifact service numbers it, and for an event about no build. */
    default BuildId build() {
        return null;
    }

    /** The commit this event is about; null for an event about no commit (a pull request's closing). */
    default CommitSha commit() {
        return null;
    }

    /** The CloudEvents subject: the build id once numbered, else the plan. */
    String subject();

    default EventType type() {
        return EventType.of(getClass());
    }
}
