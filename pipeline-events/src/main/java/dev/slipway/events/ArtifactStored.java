package dev.slipway.events;

import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Require;

import java.net.URI;
import java.time.Instant;

/**
 * The source of a commit is stored as a numbered build: a deterministic {@code tar.gz} that can
 * be fetched from {@code artifactUrl} and checked against {@code sha256}.
 *
 * @param commitTime the commit's own time; later stages use it (not the clock) for reproducible output
 * @param pullRequest the pull request this build previews, as {@link CommitReceived} named it; null
 *                   for a build of the plan's own branch
 */
public record ArtifactStored(
        EventId eventId,
        EventId causationId,
        Instant time,
        BuildId build,
        RepositoryUrl repository,
        BranchName branch,
        CommitSha commit,
        Instant commitTime,
        URI artifactUrl,
        Digest sha256,
        long sizeBytes,
        BuildDescriptor descriptor,
        PullRequest pullRequest) implements PipelineEvent {

    public ArtifactStored {
        Require.present(eventId, "eventId");
        Require.present(causationId, "causationId");
        Require.present(time, "time");
        Require.present(build, "build");
        Require.present(repository, "repository");
        Require.present(branch, "branch");
        Require.present(commit, "commit");
        Require.present(commitTime, "commitTime");
        Require.present(artifactUrl, "artifactUrl");
        Require.present(sha256, "sha256");
        Require.present(descriptor, "descriptor");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, was " + sizeBytes);
        }
    }

    /** A build of the plan's own branch. */
    public ArtifactStored(EventId eventId, EventId causationId, Instant time, BuildId build, RepositoryUrl repository,
                          BranchName branch, CommitSha commit, Instant commitTime, URI artifactUrl, Digest sha256,
                          long sizeBytes, BuildDescriptor descriptor) {
        this(eventId, causationId, time, build, repository, branch, commit, commitTime, artifactUrl, sha256, sizeBytes,
                descriptor, null);
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
