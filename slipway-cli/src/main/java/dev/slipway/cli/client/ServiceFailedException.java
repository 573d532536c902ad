package dev.slipway.cli.client;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;

import java.time.Duration;
import java.util.Optional;

/** Any other 4xx or 5xx answer, with the service's message and, when it sent one, its Retry-After. */
public class ServiceFailedException extends CliException {
    private final int status;
    private final Duration retryAfter;

    public ServiceFailedException(String service, int status, String message, Duration retryAfter) {
        super(ExitCode.FAILED, service + " answered " + status + ": " + message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
