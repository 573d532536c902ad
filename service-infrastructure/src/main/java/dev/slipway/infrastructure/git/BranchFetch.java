package dev.slipway.infrastructure.git;

import dev.slipway.events.domain.BranchName;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * One branch of a remote fetched into a local bare repository, and whether that branch leads to a
 * commit: how a stage makes sure it builds only what the plan's branch holds. A remote also serves
 * commits that no branch has (on GitHub, a fork's pull request head, by its id), so a commit is
 * never fetched by its id: only the branch is, and the commit must be in its history.
 *
 * <p>Fetched objects are checked ({@code fsck}), because the remote is hostile input; over
 * {@code git://} the read timeout is the socket's own ({@link GitProtocolTransport}), because
 * JGit's would not end a silent daemon's connection.
 */
public final class BranchFetch {
    private BranchFetch() {
    }

    /**
     * Fetches {@code branch} of {@code remote} into the same branch of {@code repository}.
     *
     * @param credentials for the remote, or null for none
     * @throws IOException as JGit throws it (a branch the remote does not have among them)
     */
    public static void fetch(Repository repository, URIish remote, BranchName branch, Duration timeout,
                             CredentialsProvider credentials) throws IOException {
        fetch(repository, remote, branch.ref(), branch.ref(), timeout, credentials);
    }

    /**
     * Fetches the ref {@code remoteRef} of {@code remote} into {@code localRef} of {@code repository}, as a branch is:
     * for a ref that is not a branch (where a host keeps a pull request's head), kept under a name of the caller's.
     *
     * @param credentials for the remote, or null for none
     * @throws IOException as JGit throws it (a ref the remote does not have among them)
     */
    public static void fetch(Repository repository, URIish remote, String remoteRef, String localRef, Duration timeout,
                             CredentialsProvider credentials) throws IOException {
        try (Transport transport = "git".equals(remote.getScheme())
                ? new GitProtocolTransport(repository, remote, timeout)
                : Transport.open(repository, remote)) {
            if (!(transport instanceof GitProtocolTransport)) {
                transport.setTimeout((int) Math.max(1, timeout.toSeconds()));
            }
            transport.setTagOpt(TagOpt.NO_TAGS);
            transport.setCheckFetchedObjects(true);
            transport.setRemoveDeletedRefs(false);
            if (credentials != null) {
                transport.setCredentialsProvider(credentials);
            }
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + remoteRef + ":" + localRef)));
        }
    }

    /** Whether the repository's copy of {@code branch} is {@code commit} or has it among its ancestors. */
    public static boolean leadsTo(Repository repository, BranchName branch, ObjectId commit) throws IOException {
        return leadsTo(repository, branch.ref(), commit);
    }

    /** Whether the repository's ref {@code localRef} is {@code commit} or has it among its ancestors. */
    public static boolean leadsTo(Repository repository, String localRef, ObjectId commit) throws IOException {
        Ref head = repository.exactRef(localRef);
        if (head == null || head.getObjectId() == null) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(head.getObjectId()));
        } catch (MissingObjectException | IncorrectObjectTypeException notInTheBranch) {
            return false;
        }
    }
}
