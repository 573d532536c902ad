package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** The Git host could not be reached or did not answer in time: worth trying again later. */
public class GitHostUnavailableException extends BuildFailure {
    public GitHostUnavailableException(String message) {
        super(message, true);
    }

    public GitHostUnavailableException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
