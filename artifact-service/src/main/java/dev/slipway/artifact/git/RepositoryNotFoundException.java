package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** The Git host answered, but has no such repository (or does not export it). */
public class RepositoryNotFoundException extends BuildFailure {
    public RepositoryNotFoundException(String message) {
        super(message, false);
    }

    public RepositoryNotFoundException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
