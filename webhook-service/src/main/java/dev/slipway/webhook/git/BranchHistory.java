package dev.slipway.webhook.git;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.git.BranchFetch;
import dev.slipway.webhook.WebhookConfiguration;
import jakarta.inject.Singleton;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether a commit is in a branch's history, so that a person can only ask to build what the
 * branch holds: a remote also serves commits no branch has (a fork's pull request head on GitHub
 * among them), and fetching one of those by its id would build it.
 *
 * <p>The branch is fetched into a small bare repository per plan under
 * {@code slipway.webhook.history-directory}, only ever from the plan's configured URL, the way the
 * artifact service fetches it ({@link BranchFetch}): only the branch, so a commit the remote has
 * elsewhere is simply not there.
 */
@Singleton
public class BranchHistory {
    private final Path root;
    private final Duration timeout;
    private final Map<PlanName, ReentrantLock> locks = new ConcurrentHashMap<>();

    public BranchHistory(WebhookConfiguration configuration) {
        this.root = configuration.historyDirectory();
        this.timeout = configuration.fetchTimeout();
    }

    /**
     * @param repositoryUrl the plan's configured URL, never one from a request
     * @param head          the branch head as just read; the branch is fetched only when the commit is not it
     * @throws RemoteHeadsUnavailableException when the branch cannot be fetched
     */
    public boolean contains(PlanName plan, String repositoryUrl, BranchName branch, CommitSha head, CommitSha commit) {
        if (commit.equals(head)) {
            return true;
        }
        ReentrantLock lock = locks.computeIfAbsent(plan, name -> new ReentrantLock());
        lock.lock(); // one fetch into a plan's cache at a time: JGit's lock files would fail the second
        try (Git git = open(plan)) {
            fetch(git.getRepository(), repositoryUrl, branch);
            return BranchFetch.leadsTo(git.getRepository(), branch, ObjectId.fromString(commit.value()));
        } catch (IOException e) {
            throw new RemoteHeadsUnavailableException("could not keep the history of plan " + plan + " under " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private Git open(PlanName plan) throws IOException {
        Path directory = root.resolve(plan.value() + ".git");
        if (Files.isDirectory(directory.resolve("objects"))) {
            return Git.open(directory.toFile());
        }
        Files.createDirectories(directory);
        try {
            return Git.init().setBare(true).setGitDir(directory.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("could not create " + directory + ": " + e.getMessage(), e);
        }
    }

    private void fetch(Repository repository, String repositoryUrl, BranchName branch) {
        try {
            BranchFetch.fetch(repository, new URIish(repositoryUrl), branch, timeout, null);
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw new RemoteHeadsUnavailableException("could not fetch branch " + branch + " of " + repositoryUrl + ": " + e.getMessage(), e);
        }
    }
}
