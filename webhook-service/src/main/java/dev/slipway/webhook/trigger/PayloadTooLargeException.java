package dev.slipway.webhook.trigger;

/** The body is over {@code slipway.webhook.max-body-size}: answered 413. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
