package dev.slipway.artifact.git;

import dev.slipway.infrastructure.git.BranchFetch;
import dev.slipway.infrastructure.git.GitProtocolTransport;
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
 * {@link BranchFetch} for any {@link SourceRef}: a branch goes through {@code BranchFetch} itself;
 * a pull request's head ref is fetched the same way (objects checked, no tags, the socket's own
 * timeout over {@code git://}) into the mirror's own namespace for previews. Whether the ref leads
 * to the commit is decided the same way for both: the commit is the ref's head or among its ancestors.
 */
final class RefFetch {
    private RefFetch() {
    }

    /** @throws IOException as JGit throws it (a ref the remote does not have among them) */
    static void fetch(Repository repository, URIish remote, SourceRef ref, Duration timeout,
                      CredentialsProvider credentials) throws IOException {
        if (ref.branch() != null) {
            BranchFetch.fetch(repository, remote, ref.branch(), timeout, credentials);
            return;
        }
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
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + ref.remote() + ":" + ref.local())));
        }
    }

    /** Whether the mirror's copy of the ref is {@code commit} or has it among its ancestors. */
    static boolean leadsTo(Repository repository, SourceRef ref, ObjectId commit) throws IOException {
        if (ref.branch() != null) {
            return BranchFetch.leadsTo(repository, ref.branch(), commit);
        }
        Ref head = repository.exactRef(ref.local());
        if (head == null || head.getObjectId() == null) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(head.getObjectId()));
        } catch (MissingObjectException | IncorrectObjectTypeException notOnTheRef) {
            return false;
        }
    }
}
