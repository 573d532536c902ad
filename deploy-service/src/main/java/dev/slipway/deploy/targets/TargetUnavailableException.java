package dev.slipway.deploy.targets;

/** The target could not be reached or answered with a server error: the request may succeed later. */
public class TargetUnavailableException extends TargetException {
    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
