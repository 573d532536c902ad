package dev.slipway.image.registry;

import dev.slipway.image.BuildStepException;

/** The registry could not be reached or failed on its side; the same push may work later. */
public final class RegistryUnavailableException extends BuildStepException {
    RegistryUnavailableException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
