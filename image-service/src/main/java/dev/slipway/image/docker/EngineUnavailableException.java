package dev.slipway.image.docker;

import dev.slipway.image.BuildStepException;

/** The Docker engine could not be reached or failed on its side (5xx); the same call may work later. */
public final class EngineUnavailableException extends BuildStepException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
