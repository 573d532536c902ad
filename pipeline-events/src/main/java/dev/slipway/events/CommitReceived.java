package dev.slipway.events;

import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Require;
import dev.slipway.events.domain.Trigger;

import java.time.Instant;

/**
 * A commit of a plan's branch is to be built: pushed, merged, found by a schedule or asked for.
 *
 * @param author     who wrote the commit; null when the trigger does not say (a schedule sees only the sha)
 * @param message    the commit message, cut to {@value #MAX_MESSAGE_LENGTH} characters; may be empty
 * @param deliveryId the provider's delivery id (or the schedule tick / manual request id), for tracing
 *                   a build back to the request that started it
 * @param rebuild    true when someone asked to build a commit again that was built before (a schedule
 *                   with {@code rebuild-unchanged}, a manual build that says so): the artifact
 *                   service gives it a new build number instead of recognising the commit. Absent
 *                   in JSON is false.
 * @param pullRequest the pull request whose head this commit is, when the build is its preview
 *                   ({@code trigger} is then {@code pull-request}, and {@code branch} its source
 *                   branch); null for a build of the plan's own branch
 */
public record CommitReceived(
        EventId eventId,
        EventId causationId,
        Instant time,
        PlanName plan,
        RepositoryUrl repository,
        BranchName branch,
        CommitSha commit,
        Author author,
        String message,
        Trigger trigger,
        String deliveryId,
        boolean rebuild,
        PullRequest pullRequest) implements PipelineEvent {

    public static final int MAX_MESSAGE_LENGTH = 4096;

    public CommitReceived {
        Require.present(eventId, "eventId");
        Require.present(time, "time");
        Require.present(plan, "plan");
        Require.present(repository, "repository");
        Require.present(branch, "branch");
        Require.present(commit, "commit");
        Require.present(trigger, "trigger");
        Require.text(deliveryId, "deliveryId");
        message = message == null ? "" : message;
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
        }
        if ((trigger == Trigger.PULL_REQUEST) != (pullRequest != null)) {
            throw new IllegalArgumentException("a commit with trigger 'pull-request' names its pull request, and only such a commit does");
        }
        if (pullRequest != null) {
            pullRequest = pullRequest.requestedAt(time);
        }
    }

    /** A commit of the plan's branch (not a pull request's). */
    public CommitReceived(EventId eventId, EventId causationId, Instant time, PlanName plan, RepositoryUrl repository,
                          BranchName branch, CommitSha commit, Author author, String message, Trigger trigger, String deliveryId,
                          boolean rebuild) {
        this(eventId, causationId, time, plan, repository, branch, commit, author, message, trigger, deliveryId, rebuild, null);
    }

    /** A commit to build once: a second event for the same plan and commit is the same build. */
    public CommitReceived(EventId eventId, EventId causationId, Instant time, PlanName plan, RepositoryUrl repository,
                          BranchName branch, CommitSha commit, Author author, String message, Trigger trigger, String deliveryId) {
        this(eventId, causationId, time, plan, repository, branch, commit, author, message, trigger, deliveryId, false, null);
    }

    @Override
    public String subject() {
        return plan.value();
    }
}
