package dev.slipway.events;

import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Require;

import java.time.Instant;
import java.util.List;

/**
 * A build's image is in the registry.
 *
 * @param image the pushed image, pinned by the digest the registry reported
 * @param tags  every tag pushed for it ({@code <version>-<number>}, the short commit, ...)
 * @param pullRequest the pull request this build previews, as {@link ArtifactStored} named it; null
 *              for a build of the plan's own branch. The deploy policy sends such a build only to
 *              its preview environment.
 */
public record ImageBuilt(
        EventId eventId,
        EventId causationId,
        Instant time,
        BuildId build,
        CommitSha commit,
        ImageReference image,
        List<ImageReference> tags,
        BuildDescriptor descriptor,
        PullRequest pullRequest) implements PipelineEvent {

    public ImageBuilt {
        Require.present(eventId, "eventId");
        Require.present(causationId, "causationId");
        Require.present(time, "time");
        Require.present(build, "build");
        Require.present(commit, "commit");
        Require.present(image, "image");
        if (!image.pinned()) {
            throw new IllegalArgumentException("image '" + image + "' must be pinned by its digest (name@sha256:...)");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        Require.present(descriptor, "descriptor");
    }

    /** A build of the plan's own branch. */
    public ImageBuilt(EventId eventId, EventId causationId, Instant time, BuildId build, CommitSha commit,
                      ImageReference image, List<ImageReference> tags, BuildDescriptor descriptor) {
        this(eventId, causationId, time, build, commit, image, tags, descriptor, null);
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
