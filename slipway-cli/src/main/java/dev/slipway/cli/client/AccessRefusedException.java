package dev.slipway.cli.client;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;

/** A 401 (no token, or one the service does not accept) or a 403 (the token's role is too low). */
public class AccessRefusedException extends CliException {
    public AccessRefusedException(String message) {
        super(ExitCode.ACCESS, message);
    }
}
