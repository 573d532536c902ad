package dev.slipway.webhook.trigger;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Quoted;
import dev.slipway.events.domain.Trigger;
import dev.slipway.webhook.git.RemoteHeads;
import dev.slipway.webhook.plan.BuildPlan;
import dev.slipway.webhook.plan.BuildPlans;
import dev.slipway.webhook.provider.InvalidPayloadException;
import dev.slipway.webhook.provider.PayloadNode;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A person asks for a build of a plan: of a given commit, or of the head of the plan's branch as
 * the repository has it now.
 */
@Singleton
public class ManualBuilds {
    private final BuildPlans plans;
    private final RemoteHeads remoteHeads;
    private final CommitPublisher publisher;
    private final Redeliveries redeliveries;

    public ManualBuilds(BuildPlans plans, RemoteHeads remoteHeads, CommitPublisher publisher, Redeliveries redeliveries) {
        this.plans = plans;
        this.remoteHeads = remoteHeads;
        this.publisher = publisher;
        this.redeliveries = redeliveries;
    }

    /**
     * @param request        {@code {"plan": ..., "commit"?: ..., "branch"?: ...}}
     * @param idempotencyKey the caller's id for this request: the same key within the redelivery
     *                       window queues one build, however often it is sent
     */
    public DeliveryAnswer queue(PayloadNode request, Optional<String> idempotencyKey) {
        PlanName name = value(request.get("plan"), PlanName::of);
        BuildPlan plan = plans.named(name)
                .orElseThrow(() -> new NotFoundException("no plan is named " + Quoted.of(name.value())));
        Optional<CommitSha> commit = request.get("commit").present() ? Optional.of(value(request.get("commit"), CommitSha::of)) : Optional.empty();
        BranchName branch = branch(plan, request.get("branch"));
        String deliveryId = "manual-" + idempotencyKey.orElseGet(() -> UUID.randomUUID().toString());
        return redeliveries.once("manual:" + deliveryId, () -> {
            CommitSha sha = commit.orElseGet(() -> remoteHeads.head(plan.lsRemoteUrl(), branch)
                    .orElseThrow(() -> new NotFoundException("branch " + Quoted.of(branch.value()) + " does not exist in " + plan.lsRemoteUrl())));
            return DeliveryAnswer.accepted(deliveryId, List.of(publisher.publish(EventId.derived("manual/" + deliveryId), plan, branch, sha,
                    null, "", Trigger.MANUAL, deliveryId)), List.of());
        });
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

    private static <T> T value(PayloadNode field, java.util.function.Function<String, T> parse) {
        String text = field.text();
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException("field '" + field.path() + "': " + e.getMessage());
        }
    }
}
