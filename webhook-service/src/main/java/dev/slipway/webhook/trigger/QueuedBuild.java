package dev.slipway.webhook.trigger;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Trigger;

/** A CommitReceived the broker has acknowledged, as an answer reports it. */
public record QueuedBuild(PlanName plan, BranchName branch, CommitSha commit, Trigger trigger, EventId eventId) {

    @Override
    public String toString() {
        return "plan " + plan + ", branch " + branch + ", commit " + commit.shortSha();
    }
}
