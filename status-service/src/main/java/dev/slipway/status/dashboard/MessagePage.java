package dev.slipway.status.dashboard;

/** A page that only says something: an error, a refusal, the need to sign in. */
public record MessagePage(Chrome chrome, String title, String message) {
}
