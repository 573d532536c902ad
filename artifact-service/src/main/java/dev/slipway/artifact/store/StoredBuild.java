package dev.slipway.artifact.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Require;
import dev.slipway.events.domain.Trigger;

import java.net.URI;
import java.time.Instant;

/**
 * One numbered build as the store keeps it and the HTTP API shows it: exactly what was built
 * (repository, branch, commit, tree archive and its digest) and why (trigger, author, message).
 *
 * @param commitReceivedId the {@code CommitReceived} event this build answers; a build is recorded once per event
 * @param storedAt         when the build was recorded; also the time of its {@code ArtifactStored} event
 * @param commitTime       the commit's committer time, which is also every archive entry's time
 * @param author           the commit's author as Git records it
 * @param message          the commit message as Git records it, cut like the contract's {@code CommitReceived#message}
 * @param pullRequest      the pull request this build previews, as its {@code CommitReceived} named it; null for a
 *                         build of the plan's branch (and for every build recorded before previews existed)
 */
public record StoredBuild(
        PlanName plan,
        BuildNumber number,
        EventId commitReceivedId,
        Instant storedAt,
        RepositoryUrl repository,
        BranchName branch,
        CommitSha commit,
        Instant commitTime,
        Author author,
        String message,
        Trigger trigger,
        BuildDescriptor descriptor,
        Digest sha256,
        long sizeBytes,
        URI artifactUrl,
        PullRequest pullRequest) {

    public StoredBuild {
        Require.present(plan, "plan");
        Require.present(number, "number");
        Require.present(commitReceivedId, "commitReceivedId");
        Require.present(storedAt, "storedAt");
        Require.present(repository, "repository");
        Require.present(branch, "branch");
        Require.present(commit, "commit");
        Require.present(commitTime, "commitTime");
        Require.present(trigger, "trigger");
        Require.present(descriptor, "descriptor");
        Require.present(sha256, "sha256");
        Require.present(artifactUrl, "artifactUrl");
        message = message == null ? "" : message;
        // An older version recorded URLs as events named them, user info included: never shown or announced again.
        repository = repository.withoutUserInfo();
    }

    /** A build of the plan's branch. */
    public StoredBuild(PlanName plan, BuildNumber number, EventId commitReceivedId, Instant storedAt, RepositoryUrl repository,
                       BranchName branch, CommitSha commit, Instant commitTime, Author author, String message, Trigger trigger,
                       BuildDescriptor descriptor, Digest sha256, long sizeBytes, URI artifactUrl) {
        this(plan, number, commitReceivedId, storedAt, repository, branch, commit, commitTime, author, message, trigger,
                descriptor, sha256, sizeBytes, artifactUrl, null);
    }

    @JsonProperty("build")
    public BuildId build() {
        return new BuildId(plan, number);
    }
}
