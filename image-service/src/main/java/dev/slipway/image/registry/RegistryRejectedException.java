package dev.slipway.image.registry;

import dev.slipway.image.BuildStepException;

/**
 * The registry refused the push or the lookup: wrong or missing credentials, no permission for
 * the repository, or it does not have what it should. Retrying changes nothing until the
 * configuration or the registry does.
 */
public final class RegistryRejectedException extends BuildStepException {
    RegistryRejectedException(String message) {
        super(message, false);
    }
}
