package dev.slipway.artifact.http;

/** The plan has no builds, or not the one asked for: 404. */
public class BuildNotFoundException extends RuntimeException {
    public BuildNotFoundException(String message) {
        super(message);
    }
}
