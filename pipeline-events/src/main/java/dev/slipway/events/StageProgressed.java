package dev.slipway.events;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Require;
import dev.slipway.events.domain.Stage;

import java.time.Instant;

/**
 * A stage took a build up, or has to wait with it. For people following a build (status-service);
 * no stage acts on it, so a stage that cannot publish it goes on with its work.
 *
 * @param causationId the event the stage is working on (its input), which links this to the build
 * @param build       null when the stage works before the build is numbered (artifact-service)
 * @param environment the environment a deployment goes to; null for the other stages
 * @param detail      what the stage is waiting for, worded for a person; required for
 *                    {@link Progress#WAITING}, optional otherwise (e.g. "rollback" for a deployment)
 */
public record StageProgressed(
        EventId eventId,
        EventId causationId,
        Instant time,
        PlanName plan,
        BuildId build,
        CommitSha commit,
        Stage stage,
        EnvironmentName environment,
        Progress progress,
        String detail) implements PipelineEvent {

    public static final int MAX_DETAIL_LENGTH = 2048;

    public StageProgressed {
        Require.present(eventId, "eventId");
        Require.present(causationId, "causationId");
        Require.present(time, "time");
        Require.present(plan, "plan");
        if (build != null && !build.plan().equals(plan)) {
            throw new IllegalArgumentException("build " + build + " does not belong to plan " + plan);
        }
        Require.present(commit, "commit");
        Require.present(stage, "stage");
        Require.present(progress, "progress");
        if (stage == Stage.DEPLOY) {
            Require.present(environment, "environment");
        } else if (environment != null) {
            throw new IllegalArgumentException("only a deploy stage names an environment, " + stage.json() + " named " + environment);
        }
        if (progress == Progress.WAITING) {
            Require.text(detail, "detail");
        }
        if (detail != null && detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH - 1) + "…";
        }
    }

    @Override
    public String subject() {
        return build != null ? build.toString() : plan.value();
    }
}
