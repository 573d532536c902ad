package dev.slipway.webhook.delivery;

/** The body of every error answer: {@code {"message": "..."}}. */
public record ErrorMessage(String message) {
}
