package dev.slipway.webhook.delivery;

/** The body is over {@code slipway.webhook.max-body-size}: answered 413. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
