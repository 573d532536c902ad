package dev.slipway.webhook.git;

/** The Git host could not be asked for its branches (down, slow, refused): worth trying again later. */
public class RemoteHeadsUnavailableException extends RuntimeException {
    public RemoteHeadsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
