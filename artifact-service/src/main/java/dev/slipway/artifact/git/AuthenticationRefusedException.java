package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** The Git host refused to serve the repository to us: the credentials are missing, wrong or lack access. */
public class AuthenticationRefusedException extends BuildFailure {
    public AuthenticationRefusedException(String message) {
        super(message, false);
    }

    public AuthenticationRefusedException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
