package dev.slipway.cli.client;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;

/** No HTTP answer at all: nothing listens, the host is unknown, or the service did not answer in time. */
public class ServiceUnreachableException extends CliException {
    public ServiceUnreachableException(String service, String baseUrl, String why) {
        super(ExitCode.UNREACHABLE, "cannot reach " + service + " at " + baseUrl + ": " + why
                + " — is Slipway running? (bin/slipway start)");
    }
}
