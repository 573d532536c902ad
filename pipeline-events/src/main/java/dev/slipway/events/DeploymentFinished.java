package dev.slipway.events;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Require;

import java.net.URI;
import java.time.Instant;

/**
 * A deployment has ended: the build runs (and is healthy) at {@code url}, it failed, it was
 * superseded (not deployed, because a newer build already runs in the environment), it was rolled
 * back (it failed its health check beside the serving build, which kept serving), or a build that
 * ran was removed with its environment (a preview whose pull request closed).
 *
 * @param target the kind of cluster it went to: {@code docker}, {@code swarm} or {@code marathon};
 *               may be null when it was superseded before it reached one
 * @param appId  the name the target knows it by (container, service or Marathon app id); may be
 *               null when it was superseded
 * @param url    where the build answers; required when it runs. When rolled back, where the
 *               environment still serves its last healthy build (null when it has none)
 * @param reason why it failed, was superseded, rolled back or removed; null when it runs
 */
public record DeploymentFinished(
        EventId eventId,
        EventId causationId,
        Instant time,
        BuildId build,
        CommitSha commit,
        EnvironmentName environment,
        String target,
        String appId,
        DeploymentState state,
        URI url,
        String reason) implements PipelineEvent {

    public DeploymentFinished {
        Require.present(eventId, "eventId");
        Require.present(causationId, "causationId");
        Require.present(time, "time");
        Require.present(build, "build");
        Require.present(commit, "commit");
        Require.present(environment, "environment");
        Require.present(state, "state");
        if (!state.finished()) {
            throw new IllegalArgumentException("state of a finished deployment must be running, failed, superseded, rolled-back or removed, was " + state.json());
        }
        if (state != DeploymentState.SUPERSEDED) {
            Require.text(target, "target");
            Require.text(appId, "appId");
        }
        if (state == DeploymentState.RUNNING) {
            Require.present(url, "url");
        } else {
            Require.text(reason, "reason");
        }
    }

    @Override
    public PlanName plan() {
        return build.plan();
    }

    @Override
    public String subject() {
        return build.toString();
    }
}
