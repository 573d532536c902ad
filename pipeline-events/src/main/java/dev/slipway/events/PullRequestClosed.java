package dev.slipway.events;

import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequestOutcome;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Require;

import java.time.Instant;

/**
 * A pull request into a plan's branch was closed, merged or declined: its preview environment
 * ({@code pr-<number>}) is to be taken down.
 *
 * @param deliveryId the provider's delivery id, for tracing the teardown back to the webhook
 */
public record PullRequestClosed(
        EventId eventId,
        EventId causationId,
        Instant time,
        PlanName plan,
        RepositoryUrl repository,
        int number,
        PullRequestOutcome outcome,
        String deliveryId) implements PipelineEvent {

    public PullRequestClosed {
        Require.present(eventId, "eventId");
        Require.present(time, "time");
        Require.present(plan, "plan");
        Require.present(repository, "repository");
        if (number < 1) {
            throw new IllegalArgumentException("field 'number' must be 1 or more, was " + number);
        }
        Require.present(outcome, "outcome");
        Require.text(deliveryId, "deliveryId");
    }

    @Override
    public String subject() {
        return plan.value() + "#" + number;
    }
}
