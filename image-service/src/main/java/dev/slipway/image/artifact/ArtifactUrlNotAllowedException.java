package dev.slipway.image.artifact;

import dev.slipway.image.BuildStepException;

/** The event names an archive outside the configured artifact URL prefixes; it is never fetched. */
public final class ArtifactUrlNotAllowedException extends BuildStepException {
    ArtifactUrlNotAllowedException(String message) {
        super(message, false);
    }
}
