package dev.slipway.artifact.http;

/** Every error this API answers with: {@code {"message": "..."}}. */
public record ErrorMessage(String message) {
}
