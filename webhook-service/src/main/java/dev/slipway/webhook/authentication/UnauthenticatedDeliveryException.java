package dev.slipway.webhook.authentication;

/** The delivery's signature or token is missing or wrong, or no secret is configured: answered 401. */
public class UnauthenticatedDeliveryException extends RuntimeException {
    public UnauthenticatedDeliveryException(String message) {
        super(message);
    }
}
