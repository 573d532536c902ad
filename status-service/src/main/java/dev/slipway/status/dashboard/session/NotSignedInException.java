package dev.slipway.status.dashboard.session;

/**
 * A dashboard request without a session: none was sent, it expired, or the caller authenticated
 * another way (a bearer token is for the API; the dashboard's forms and calls need a session).
 */
public class NotSignedInException extends RuntimeException {
    public NotSignedInException() {
        super("not signed in to the dashboard");
    }
}
