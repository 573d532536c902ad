package dev.slipway.image.dockerfile;

import dev.slipway.image.BuildStepException;

/** The repository has no usable Dockerfile where the descriptor says, and none can be generated. */
public final class DockerfileNotFoundException extends BuildStepException {
    DockerfileNotFoundException(String message) {
        super(message, false);
    }
}
