package dev.slipway.image.verify;

import dev.slipway.image.BuildStepException;

/**
 * The new image failed a test its descriptor declares: the test command exited non-zero (or ran
 * too long), or the started image did not answer the acceptance check as expected. The message
 * ends with the tail of the output, where tools say what went wrong.
 */
public final class ImageTestFailedException extends BuildStepException {
    ImageTestFailedException(String message) {
        super(message, false);
    }
}
