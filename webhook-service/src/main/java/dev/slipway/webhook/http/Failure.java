package dev.slipway.webhook.http;

import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.webhook.authentication.UnauthenticatedDeliveryException;
import dev.slipway.webhook.git.CommitNotOnBranchException;
import dev.slipway.webhook.git.RemoteHeadsUnavailableException;
import dev.slipway.webhook.provider.InvalidPayloadException;
import dev.slipway.webhook.trigger.NotFoundException;
import dev.slipway.webhook.trigger.PayloadTooLargeException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * How each failure a sender can act on is answered: the status, the metric outcome, and for the
 * ones worth retrying a {@code Retry-After}. Anything unforeseen is a 500 that names no internals.
 */
public record Failure(HttpStatus status, DeliveryMetrics.Outcome outcome, String message, boolean retryable) {
    private static final Logger LOG = LoggerFactory.getLogger(Failure.class);

    public static Failure of(RuntimeException e) {
        if (e instanceof UnauthenticatedDeliveryException) {
            return new Failure(HttpStatus.UNAUTHORIZED, DeliveryMetrics.Outcome.UNAUTHENTICATED, e.getMessage(), false);
        }
        if (e instanceof InvalidPayloadException) {
            return new Failure(HttpStatus.BAD_REQUEST, DeliveryMetrics.Outcome.INVALID, e.getMessage(), false);
        }
        if (e instanceof CommitNotOnBranchException) {
            return new Failure(HttpStatus.BAD_REQUEST, DeliveryMetrics.Outcome.INVALID, e.getMessage(), false);
        }
        if (e instanceof PayloadTooLargeException) {
            return new Failure(HttpStatus.REQUEST_ENTITY_TOO_LARGE, DeliveryMetrics.Outcome.TOO_LARGE, e.getMessage(), false);
        }
        if (e instanceof NotFoundException) {
            return new Failure(HttpStatus.NOT_FOUND, DeliveryMetrics.Outcome.NOT_FOUND, e.getMessage(), false);
        }
        if (e instanceof EventNotPublishedException) {
            LOG.warn("The broker did not take an event: {}", e.getMessage());
            return new Failure(HttpStatus.SERVICE_UNAVAILABLE, DeliveryMetrics.Outcome.BROKER_UNAVAILABLE,
                    "the event could not be written, nothing was queued; try again later (" + e.getMessage() + ")", true);
        }
        if (e instanceof RemoteHeadsUnavailableException) {
            LOG.warn("A Git remote could not be read: {}", e.getMessage());
            return new Failure(HttpStatus.BAD_GATEWAY, DeliveryMetrics.Outcome.GIT_UNAVAILABLE,
                    "nothing was queued: " + e.getMessage() + "; try again later", true);
        }
        LOG.error("Unexpected failure while handling a request", e);
        return new Failure(HttpStatus.INTERNAL_SERVER_ERROR, DeliveryMetrics.Outcome.ERROR,
                "internal error, nothing was queued; the service log has the details", false);
    }

    public MutableHttpResponse<ErrorMessage> response(Duration retryAfter) {
        MutableHttpResponse<ErrorMessage> response = HttpResponse.<ErrorMessage>status(status).body(new ErrorMessage(message));
        if (retryable) {
            response.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return response;
    }
}
