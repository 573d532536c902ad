package dev.slipway.image.imaging;

import dev.slipway.image.BuildStepException;

/**
 * A transient failure that outlasted every try: still retryable, later, by whoever asks again.
 * The reason says which step gave up and after how many tries.
 */
final class GaveUpException extends BuildStepException {
    GaveUpException(String step, int attempts, BuildStepException last) {
        super(last.getMessage() + " (" + step + " gave up after " + attempts + " tries)", true, last);
    }
}
