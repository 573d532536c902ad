package dev.slipway.webhook.provider;

/** The body is not valid JSON, or lacks what its event needs: answered 400 with this message. */
public class InvalidPayloadException extends RuntimeException {
    public InvalidPayloadException(String message) {
        super(message);
    }

    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
