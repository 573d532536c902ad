package dev.slipway.status.hoststatus;

import java.util.Locale;

/**
 * A commit status in status-service's words; each provider has its own for it
 * ({@link ProviderRequests}).
 */
public enum CommitState {
    /** The build or its deployment goes on. */
    PENDING,
    /** Built, or deployed and healthy. */
    SUCCESS,
    /** A stage gave up, a deployment failed or was rolled back. */
    FAILURE,
    /** Not deployed because a newer build already runs there: not a failure, and over. */
    CANCELED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommitState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
