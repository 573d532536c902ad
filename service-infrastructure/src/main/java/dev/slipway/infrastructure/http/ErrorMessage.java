package dev.slipway.infrastructure.http;

/** The body of every error a Slipway service answers with: {@code {"message": "..."}}. */
public record ErrorMessage(String message) {
}
