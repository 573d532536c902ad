package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/** A repository this service cannot fetch: an unsupported scheme or object format. */
public class UnsupportedRepositoryException extends BuildFailure {
    public UnsupportedRepositoryException(String message) {
        super(message, false);
    }

    public UnsupportedRepositoryException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
