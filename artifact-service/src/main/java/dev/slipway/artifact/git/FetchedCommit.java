package dev.slipway.artifact.git;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A commit that is now in its repository's mirror, with the mirror opened for reading its tree.
 * Close it when done: it holds the repository open.
 *
 * @param fetched false when the mirror already had the commit and no network access was needed
 */
public record FetchedCommit(Repository repository, RevCommit commit, boolean fetched) implements AutoCloseable {

    @Override
    public void close() {
        repository.close();
    }
}
