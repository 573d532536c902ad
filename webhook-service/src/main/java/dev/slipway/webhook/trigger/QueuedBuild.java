package dev.slipway.webhook.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Trigger;

/**
 * A CommitReceived the broker has acknowledged, as an answer reports it.
 *
 * @param pullRequest the number of the pull request it previews; null for a build of the plan's branch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueuedBuild(PlanName plan, BranchName branch, CommitSha commit, Trigger trigger, EventId eventId, Integer pullRequest) {

    public QueuedBuild(PlanName plan, BranchName branch, CommitSha commit, Trigger trigger, EventId eventId) {
        this(plan, branch, commit, trigger, eventId, null);
    }

    @Override
    public String toString() {
        return "plan " + plan + (pullRequest == null ? "" : ", pull request #" + pullRequest) + ", branch " + branch + ", commit " + commit.shortSha();
    }
}
