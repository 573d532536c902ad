package dev.slipway.image.http;

/** No build with that plan and number has reached this service. */
final class BuildNotFoundException extends RuntimeException {
    BuildNotFoundException(String message) {
        super(message);
    }
}
