package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** The repository was fetched, but the commit is not in it (or is not a commit). */
public class CommitNotFoundException extends BuildFailure {
    public CommitNotFoundException(String message) {
        super(message, false);
    }

    public CommitNotFoundException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
