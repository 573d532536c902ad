package dev.slipway.cli.client;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;

/** A 404: the service's message names what it does not know. */
public class NotFoundException extends CliException {
    public NotFoundException(String message) {
        super(ExitCode.NOT_FOUND, message);
    }
}
