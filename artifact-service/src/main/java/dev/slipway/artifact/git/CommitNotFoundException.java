package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** The event's commit id names an object of the repository that is not a commit (a tree, a blob). */
public class CommitNotFoundException extends BuildFailure {
    public CommitNotFoundException(String message) {
        super(message, false);
    }
}
