package dev.slipway.events;

import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Require;

import java.time.Instant;

/** A build's image is to run in one environment: by policy, or as a person's rollback or promotion. */
public record DeployRequested(
        EventId eventId,
        EventId causationId,
        Instant time,
        BuildId build,
        CommitSha commit,
        ImageReference image,
        BuildDescriptor descriptor,
        EnvironmentName environment,
        DeployReason reason) implements PipelineEvent {

    public DeployRequested {
        Require.present(eventId, "eventId");
        Require.present(time, "time");
        Require.present(build, "build");
        Require.present(commit, "commit");
        Require.present(image, "image");
        if (!image.pinned()) {
            throw new IllegalArgumentException("image '" + image + "' must be pinned by its digest (name@sha256:...)");
        }
        Require.present(descriptor, "descriptor");
        Require.present(environment, "environment");
        Require.present(reason, "reason");
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
