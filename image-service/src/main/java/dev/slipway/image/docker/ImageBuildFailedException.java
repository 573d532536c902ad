package dev.slipway.image.docker;

import dev.slipway.image.BuildStepException;

/**
 * {@code docker build} refused the Dockerfile or one of its steps failed. The message carries the
 * engine's own error line ({@code dockerfile parse error line 2: unknown instruction: RUNN}); it
 * will fail the same way until the repository changes.
 */
public final class ImageBuildFailedException extends BuildStepException {
    ImageBuildFailedException(String message) {
        super(message, false);
    }
}
