package dev.slipway.webhook.trigger;

import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequestOutcome;

/** A PullRequestClosed the broker has acknowledged, as an answer reports it: the preview of that request under that plan ends. */
public record ClosedPullRequest(PlanName plan, int pullRequest, PullRequestOutcome outcome, EventId eventId) {

    @Override
    public String toString() {
        return "plan " + plan + ", pull request #" + pullRequest + " (" + outcome.json() + ")";
    }
}
