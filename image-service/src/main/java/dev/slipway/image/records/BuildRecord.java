package dev.slipway.image.records;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.ImageReference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What this service knows of one build, persisted as it goes: the event that asked for it, its
 * state, and once finished the result event exactly as emitted, so a redelivered request is
 * answered with the same event instead of a second build.
 *
 * @param tags            the names the image gets (known from the start)
 * @param dockerfile      which Dockerfile built it, once decided
 * @param image           the pushed image pinned by digest, once pushed
 * @param imageBuilt      the emitted success, or null
 * @param stageFailed     the emitted failure, or null
 * @param resultPublished whether the broker acknowledged the result event
 */
public record BuildRecord(
        BuildId build,
        ArtifactStored artifact,
        BuildState state,
        List<ImageReference> tags,
        String dockerfile,
        ImageReference image,
        ImageBuilt imageBuilt,
        StageFailed stageFailed,
        boolean resultPublished,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt) {

    public BuildRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static BuildRecord queued(ArtifactStored artifact, List<ImageReference> tags) {
        return new BuildRecord(artifact.build(), artifact, BuildState.QUEUED, tags, null, null, null, null, false,
                now(), null, null);
    }

    public BuildRecord started() {
        return new BuildRecord(build, artifact, BuildState.DOWNLOADING, tags, null, null, null, null, false,
                queuedAt, now(), null);
    }

    public BuildRecord in(BuildState newState) {
        return new BuildRecord(build, artifact, newState, tags, dockerfile, image, imageBuilt, stageFailed, resultPublished,
                queuedAt, startedAt, finishedAt);
    }

    public BuildRecord withDockerfile(String description) {
        return new BuildRecord(build, artifact, state, tags, description, image, imageBuilt, stageFailed, resultPublished,
                queuedAt, startedAt, finishedAt);
    }

    public BuildRecord succeeded(ImageBuilt event) {
        return new BuildRecord(build, artifact, BuildState.SUCCEEDED, tags, dockerfile, event.image(), event, null, false,
                queuedAt, startedAt, now());
    }

    public BuildRecord failed(StageFailed event) {
        return new BuildRecord(build, artifact, BuildState.FAILED, tags, dockerfile, null, null, event, false,
                queuedAt, startedAt, now());
    }

    public BuildRecord published() {
        return new BuildRecord(build, artifact, state, tags, dockerfile, image, imageBuilt, stageFailed, true,
                queuedAt, startedAt, finishedAt);
    }

    /** The event that ended the build, or null while it runs. */
    public PipelineEvent result() {
        return imageBuilt != null ? imageBuilt : stageFailed;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
