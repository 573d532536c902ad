package dev.slipway.deploy.targets;

/** A target refused or failed a request; retrying the same request will not help. */
public class TargetException extends Exception {
    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same request may succeed later, so it is worth retrying with backoff. */
    public boolean transientFailure() {
        return false;
    }
}
