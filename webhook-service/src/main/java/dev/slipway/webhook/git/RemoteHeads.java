package dev.slipway.webhook.git;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.webhook.WebhookConfiguration;
import jakarta.inject.Singleton;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads where a branch points in a remote repository with {@code git ls-remote} (JGit), without
 * cloning it. It is only ever given URLs from the configuration, never URLs from a delivery.
 */
@Singleton
public class RemoteHeads {
    private final Duration timeout;

    public RemoteHeads(WebhookConfiguration configuration) {
        this.timeout = configuration.lsRemoteTimeout();
    }

    /**
     * @return the branch's head, or empty when the repository has no such branch
     * @throws RemoteHeadsUnavailableException when the repository cannot be read
     */
    public Optional<CommitSha> head(String repositoryUrl, BranchName branch) {
        Map<String, Ref> heads;
        try {
            heads = Git.lsRemoteRepository()
                    .setRemote(repositoryUrl)
                    .setHeads(true)
                    .setTimeout((int) Math.max(1, timeout.toSeconds()))
                    .callAsMap();
        } catch (GitAPIException | RuntimeException e) {
            throw new RemoteHeadsUnavailableException("could not list the branches of " + repositoryUrl + ": " + e.getMessage(), e);
        }
        Ref ref = heads.get(branch.ref());
        return ref == null || ref.getObjectId() == null ? Optional.empty() : Optional.of(CommitSha.of(ref.getObjectId().name()));
    }
}
