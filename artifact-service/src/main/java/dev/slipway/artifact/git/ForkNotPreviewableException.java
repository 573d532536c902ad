package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/**
 * A pull request from a fork whose head the host keeps under no ref of the plan's repository
 * (Bitbucket Cloud keeps none). Its commit is in another repository, and a preview is only ever
 * fetched from the plan's own repository (the allow-list names it, and its credentials are the
 * plan's), so it cannot be built. Asking again changes nothing: not retryable.
 */
public class ForkNotPreviewableException extends BuildFailure {
    public ForkNotPreviewableException(String message) {
        super(message, false);
    }
}
