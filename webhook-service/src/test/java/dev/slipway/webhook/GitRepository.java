package dev.slipway.webhook;

import dev.slipway.events.domain.CommitSha;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Git repository in a directory, reachable by a {@code file://} URL, whose branch a test moves. */
public final class GitRepository implements AutoCloseable {
    private final Path directory;
    private final Git git;
    private int commits;

    private GitRepository(Path directory, Git git) {
        this.directory = directory;
        this.git = git;
    }

    public static GitRepository create(Path directory, String branch) {
        try {
            return new GitRepository(directory, Git.init().setDirectory(directory.toFile()).setInitialBranch(branch).call());
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code file:///...}: what a plan's repository or ls-remote URL is set to. */
    public String url() {
        return directory.toUri().toString();
    }

    /** Commits a change on the current branch and returns the new head. */
    public CommitSha commit(String message) {
        try {
            Files.writeString(directory.resolve("CHANGES.txt"), message + " " + (++commits) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            git.add().addFilepattern("CHANGES.txt").call();
            PersonIdent author = new PersonIdent("Zoë Ünicode", "zoe@example.org");
            RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
            return CommitSha.of(commit.getId().name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Commits on top of the current head under another ref (e.g. {@code refs/pull/7/head}, where
     * GitHub keeps a fork's pull request), leaving the current branch where it was: a commit the
     * remote serves that the branch does not hold.
     */
    public CommitSha commitOnRef(String ref, String message) {
        try {
            String branch = git.getRepository().getBranch();
            git.checkout().setCreateBranch(true).setName("side-" + (commits + 1)).call();
            CommitSha side = commit(message);
            RefUpdate update = git.getRepository().updateRef(ref);
            update.setNewObjectId(ObjectId.fromString(side.value()));
            update.forceUpdate();
            git.checkout().setName(branch).call();
            git.branchDelete().setBranchNames("side-" + commits).setForce(true).call();
            return side;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a branch at the current head with one commit of its own, and comes back to the current branch. */
    public CommitSha commitOnBranch(String name, String message) {
        try {
            String branch = git.getRepository().getBranch();
            git.checkout().setCreateBranch(true).setName(name).call();
            CommitSha head = commit(message);
            git.checkout().setName(branch).call();
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a branch at the current head, without switching to it. */
    public void branch(String name) {
        try {
            git.branchCreate().setName(name).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
