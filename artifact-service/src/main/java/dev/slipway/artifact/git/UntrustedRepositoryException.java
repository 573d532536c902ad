package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** The repository or its host failed a check that protects the service: a certificate that is not trusted, or objects that fail Git's consistency checks. */
public class UntrustedRepositoryException extends BuildFailure {
    public UntrustedRepositoryException(String message) {
        super(message, false);
    }

    public UntrustedRepositoryException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
