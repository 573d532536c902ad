package dev.slipway.webhook.git;

/** A build was asked for a commit that is not in the history of the plan's branch: answered 400. */
public class CommitNotOnBranchException extends RuntimeException {
    public CommitNotOnBranchException(String message) {
        super(message);
    }
}
