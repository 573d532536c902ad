package dev.slipway.webhook.trigger;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Quoted;
import dev.slipway.events.domain.Trigger;
import dev.slipway.webhook.git.BranchHistory;
import dev.slipway.webhook.git.CommitNotOnBranchException;
import dev.slipway.webhook.git.RemoteHeads;
import dev.slipway.webhook.plan.BuildPlan;
import dev.slipway.webhook.plan.BuildPlans;
import dev.slipway.webhook.provider.InvalidPayloadException;
import dev.slipway.webhook.provider.PayloadNode;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A person asks for a build of a plan: of a given commit, or of the head of the plan's branch as
 * the repository has it now. A given commit must be in the branch's history; a commit the plan
 * queued before is queued again only when the request asks for a rebuild.
 */
@Singleton
public class ManualBuilds {
    private final BuildPlans plans;
    private final RemoteHeads remoteHeads;
    private final BranchHistory history;
    private final CommitPublisher publisher;
    private final Redeliveries redeliveries;
    private final QueuedCommits commits;

    public ManualBuilds(BuildPlans plans, RemoteHeads remoteHeads, BranchHistory history, CommitPublisher publisher,
                        Redeliveries redeliveries, QueuedCommits commits) {
        this.plans = plans;
        this.remoteHeads = remoteHeads;
        this.history = history;
        this.publisher = publisher;
        this.redeliveries = redeliveries;
        this.commits = commits;
    }

    /**
     * @param request        {@code {"plan": ..., "commit"?: ..., "branch"?: ..., "rebuild"?: true}}
     * @param idempotencyKey the caller's id for this request: the same key within the redelivery
     *                       window queues one build, however often it is sent
     */
    public DeliveryAnswer queue(PayloadNode request, Optional<String> idempotencyKey) {
        PlanName name = value(request.get("plan"), PlanName::of);
        BuildPlan plan = plans.named(name)
                .orElseThrow(() -> new NotFoundException("no plan is named " + Quoted.of(name.value())));
        Optional<CommitSha> commit = request.get("commit").present() ? Optional.of(value(request.get("commit"), CommitSha::of)) : Optional.empty();
        BranchName branch = branch(plan, request.get("branch"));
        boolean rebuild = rebuild(request.get("rebuild"));
        String deliveryId = "manual-" + idempotencyKey.orElseGet(() -> UUID.randomUUID().toString());
        return redeliveries.once("manual:" + deliveryId, () -> {
            CommitSha head = remoteHeads.head(plan.lsRemoteUrl(), branch)
                    .orElseThrow(() -> new NotFoundException("branch " + Quoted.of(branch.value()) + " does not exist in " + plan.lsRemoteUrl()));
            CommitSha sha = commit.orElse(head);
            if (!history.contains(plan.name(), plan.lsRemoteUrl(), branch, head, sha)) {
                throw new CommitNotOnBranchException("commit " + sha + " is not in the history of branch " + Quoted.of(branch.value())
                        + " of plan " + plan.name() + " (head " + head.shortSha() + "); only commits the branch holds are built");
            }
            EventId eventId = EventId.derived("manual/" + deliveryId);
            Supplier<QueuedCommits.Queued> publish = () -> new QueuedCommits.Queued(publisher.publish(eventId, plan, branch, sha,
                    null, "", Trigger.MANUAL, deliveryId, rebuild), deliveryId);
            return rebuild
                    ? DeliveryAnswer.accepted(deliveryId, List.of(commits.rebuild(plan.name(), sha, publish).build()), List.of())
                    : once(plan, sha, deliveryId, publish);
        });
    }

    /** Queues the commit unless the plan queued it before, which the answer then names. */
    private DeliveryAnswer once(BuildPlan plan, CommitSha sha, String deliveryId, Supplier<QueuedCommits.Queued> publish) {
        QueuedCommits.Outcome outcome = commits.once(plan.name(), sha, publish);
        return outcome.queuedNow()
                ? DeliveryAnswer.accepted(deliveryId, List.of(outcome.queued().build()), List.of())
                : DeliveryAnswer.alreadyQueued(deliveryId, List.of(outcome.queued().build()),
                        List.of(outcome.reason() + "; ask with \"rebuild\": true to build it again"));
    }

    private static BranchName branch(BuildPlan plan, PayloadNode requested) {
        if (!requested.present()) {
            return plan.defaultBranch().orElseThrow(() -> new InvalidPayloadException("plan " + plan.name()
                    + " builds only branch patterns " + plan.branches() + "; name the branch in field 'branch'"));
        }
        BranchName branch = requested.branch();
        if (!plan.builds(branch)) {
            throw new InvalidPayloadException("plan " + plan.name() + " does not build branch " + Quoted.of(branch.value())
                    + "; it builds " + plan.branches());
        }
        return branch;
    }

    private static boolean rebuild(PayloadNode field) {
        if (!field.present()) {
            return false;
        }
        if (!field.isBoolean()) {
            throw new InvalidPayloadException("field '" + field.path() + "' must be true or false");
        }
        return field.bool();
    }

    private static <T> T value(PayloadNode field, Function<String, T> parse) {
        String text = field.text();
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException("field '" + field.path() + "': " + e.getMessage());
        }
    }
}
