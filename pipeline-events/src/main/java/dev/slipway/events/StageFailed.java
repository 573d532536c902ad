package dev.slipway.events;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Require;
import dev.slipway.events.domain.Stage;

import java.time.Instant;

/**
 * A stage gave up on a build.
 *
 * @param build     null when the failure came before the build was numbered
 * @param reason    what went wrong, worded for the person who has to act on it
 *                  (which file, which field, what the tool said); never a secret
 * @param retryable true when the same request may succeed later (a registry that was down),
 *                  false when it cannot until something is changed (a broken Dockerfile)
 */
public record StageFailed(
        EventId eventId,
        EventId causationId,
        Instant time,
        PlanName plan,
        BuildId build,
        CommitSha commit,
        Stage stage,
        String reason,
        boolean retryable) implements PipelineEvent {

    public static final int MAX_REASON_LENGTH = 8192;

    public StageFailed {
        Require.present(eventId, "eventId");
        Require.present(causationId, "causationId");
        Require.present(time, "time");
        Require.present(plan, "plan");
        if (build != null && !build.plan().equals(plan)) {
            throw new IllegalArgumentException("build " + build + " does not belong to plan " + plan);
        }
        Require.present(stage, "stage");
        Require.text(reason, "reason");
        if (reason.length() > MAX_REASON_LENGTH) {
            // Keep the end: a tool's last lines are where it says what went wrong.
            reason = "…" + reason.substring(reason.length() - MAX_REASON_LENGTH + 1);
        }
    }

    @Override
    public String subject() {
        return build != null ? build.toString() : plan.value();
    }
}
