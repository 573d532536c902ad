package dev.slipway.artifact.store;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where numbered builds and their source archives are kept, so that anyone can see exactly what a
 * build ran and go back to any earlier one. Archives are stored by content: the same bytes are
 * kept once however many builds share them.
 */
public interface ArtifactStore {

    /** Writes an archive to the store (once per content) and returns its digest and size. */
    StoredArchive putArchive(ArchiveWriter archive) throws IOException;

    /** The build recorded for a {@code CommitReceived} event, if one was. */
    Optional<StoredBuild> findByEvent(PlanName plan, EventId commitReceived) throws IOException;

    /**
     * The plan's newest build of {@code commit} for {@code pullRequest}, if it has one. A commit's
     * build for the plan's branch and its build as the preview of each pull request are apart:
     * each announces where it is to run (the plan's environments, or the request's preview), so
     * one is never handed out for the other.
     *
     * @param pullRequest the pull request whose preview is looked for, or null for a build of the plan's branch
     */
    Optional<StoredBuild> findByCommit(PlanName plan, CommitSha commit, PullRequest pullRequest) throws IOException;

    /** The plan's newest build of {@code commit} for its branch (not a pull request's preview), if it has one. */
    default Optional<StoredBuild> findByCommit(PlanName plan, CommitSha commit) throws IOException {
        return findByCommit(plan, commit, null);
    }

    /**
     * Records the build that answers a {@code CommitReceived} event, numbering it exactly once: the
     * next number of the plan the first time, and for every later call with the same event (a
     * redelivery, even after a restart) the build recorded then, without calling {@code build}.
     * The build becomes its commit's newest ({@link #findByCommit}). This is how a rebuild that was
     * asked for gets its number.
     *
     * @param build makes the build's record from the number it gets
     */
    StoredBuild record(PlanName plan, EventId commitReceived, Function<BuildNumber, StoredBuild> build) throws IOException;

    /**
     * As {@link #record}, unless the plan already has a build of {@code commit} for its branch
     * (another event named the same commit: a push and its merge, a replayed delivery): then that
     * build, its commit's newest, is returned and {@code build} is not called. Decided under the same
     * lock that numbers builds, so two events of one commit never get two numbers. Only for builds of
     * the plan's branch: {@code build} must make one with no pull request.
     */
    StoredBuild recordUnlessBuilt(PlanName plan, EventId commitReceived, CommitSha commit,
                                  Function<BuildNumber, StoredBuild> build) throws IOException;

    /** The plan's builds, newest first, at most {@code limit}; empty for a plan with none. */
    List<StoredBuild> builds(PlanName plan, int limit) throws IOException;

    Optional<StoredBuild> build(BuildId build) throws IOException;

    Optional<InputStream> openArchive(Digest sha256) throws IOException;

    /** Writes an archive's bytes. */
    @FunctionalInterface
    interface ArchiveWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
