package dev.slipway.image.dockerfile;

import dev.slipway.image.BuildStepException;

/** The descriptor names a runtime for which there is no template (shipped or configured). */
public final class UnknownRuntimeException extends BuildStepException {
    UnknownRuntimeException(String message) {
        super(message, false);
    }
}
