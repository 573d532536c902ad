package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** The Git host answered, but will not serve the repository: it has none by that name, does not export it, or said why not. */
public class RepositoryNotFoundException extends BuildFailure {
    public RepositoryNotFoundException(String message) {
        super(message, false);
    }

    public RepositoryNotFoundException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
