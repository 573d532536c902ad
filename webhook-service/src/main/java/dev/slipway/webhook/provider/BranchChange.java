package dev.slipway.webhook.provider;

import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.Trigger;

/**
 * One branch that a delivery says has a new commit to build, in the repository the delivery names.
 *
 * @param author who wrote the commit, or null when the body does not say
 */
public record BranchChange(BranchName branch, CommitId commit, Author author, String message, Trigger trigger) {
}
