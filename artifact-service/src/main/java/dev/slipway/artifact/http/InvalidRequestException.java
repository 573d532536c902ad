package dev.slipway.artifact.http;

/** A path or parameter that cannot name a build (not a plan name, not a number): 400. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
