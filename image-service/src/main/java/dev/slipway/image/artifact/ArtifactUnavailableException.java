package dev.slipway.image.artifact;

import dev.slipway.image.BuildStepException;

/** The artifact service could not be reached or answered 5xx; the same download may work later. */
public final class ArtifactUnavailableException extends BuildStepException {
    ArtifactUnavailableException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
