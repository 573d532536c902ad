package dev.slipway.webhook.provider;

import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;

import java.util.List;
import java.util.Optional;

/** What a provider's delivery means for Slipway, once read. */
public sealed interface ProviderEvent {

    /** The provider checks that it can reach us; nothing is built. */
    record Ping(String message) implements ProviderEvent {
    }

    /** A delivery that builds nothing, and why. */
    record Ignored(String reason) implements ProviderEvent {
    }

    /**
     * Branches with new commits; {@code ignored} says why other parts of the same delivery (a tag,
     * a deleted branch) build nothing.
     */
    record Changes(List<BranchChange> changes, List<String> ignored) implements ProviderEvent {
    }

    /**
     * A pull request was opened, reopened or got a new head: the head is built as a preview of the
     * request, by the plans that build its target branch.
     *
     * @param head           the request's head commit (Bitbucket Cloud: abbreviated)
     * @param author         who wrote the head, or the request; null when the body does not say
     * @param headRepository how messages name the repository the head is in (a fork's, when
     *                       {@link PullRequest#fromFork()})
     */
    record PullRequestHead(PullRequest pullRequest, CommitId head, Author author, String headRepository) implements ProviderEvent {
    }

    /**
     * A pull request into {@code targetBranch} was closed, merged or declined: its previews end. A
     * merge also builds the target branch ({@code mergeBuild}), as it did before previews existed.
     */
    record PullRequestEnded(int number, BranchName targetBranch, PullRequestOutcome outcome, Optional<BranchChange> mergeBuild)
            implements ProviderEvent {
    }

    static ProviderEvent of(List<BranchChange> changes, List<String> ignored) {
        return changes.isEmpty() ? new Ignored(String.join("; ", ignored)) : new Changes(changes, ignored);
    }
}
