package dev.slipway.image.dockerfile;

import dev.slipway.image.BuildStepException;

/**
 * A template cannot be filled in: it uses an unknown placeholder, its runtime has no base image,
 * or the repository lacks what the template needs (the one jar the java template runs).
 */
public final class DockerfileTemplateException extends BuildStepException {
    DockerfileTemplateException(String message) {
        super(message, false);
    }
}
