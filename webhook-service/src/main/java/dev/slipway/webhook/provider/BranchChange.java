package dev.slipway.webhook.provider;

import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.Trigger;

import java.util.List;

/**
 * One branch that a delivery says has a new commit to build.
 *
 * @param repositoryUrls every URL the body names the repository by; matched against plans, never fetched
 * @param author         who wrote the commit, or null when the body does not say
 */
public record BranchChange(List<String> repositoryUrls, BranchName branch, CommitId commit, Author author, String message,
                           Trigger trigger) {
}
