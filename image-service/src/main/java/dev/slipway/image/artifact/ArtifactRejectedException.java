package dev.slipway.image.artifact;

import dev.slipway.image.BuildStepException;

/**
 * The archive was fetched (or refused) and is not usable as it is: the artifact service does not
 * have it, it is larger than allowed, or its sha256 is not the one the event promised.
 */
public final class ArtifactRejectedException extends BuildStepException {
    ArtifactRejectedException(String message) {
        super(message, false);
    }
}
