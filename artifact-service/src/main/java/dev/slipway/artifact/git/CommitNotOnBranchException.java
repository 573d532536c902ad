package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/**
 * The commit is not one the plan's branch leads to: on another branch, a fork's pull request head,
 * a commit the branch was force-pushed away from, or no commit of the repository at all. Only
 * commits of the branch are built, whatever an event names; once the branch leads to the commit
 * (it is merged), the same commit builds. For a preview of a fork's pull request the ref is the one
 * where the host keeps the request's head ({@code refs/pull/7/head}), and the same holds for it.
 */
public class CommitNotOnBranchException extends BuildFailure {
    public CommitNotOnBranchException(String message) {
        super(message, false);
    }
}
