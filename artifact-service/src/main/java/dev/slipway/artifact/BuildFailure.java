package dev.slipway.artifact;

/**
 * A build of a commit that cannot be completed, worded for the person who has to act on it. Each
 * cause a caller can act on is its own subclass; {@link #retryable()} says whether the same request
 * may succeed later without anyone changing anything (a Git host that was down) or not (a broken
 * descriptor, a repository that is not allowed).
 *
 * <p>The message ends up in a {@code StageFailed} event and in logs, so it must never carry a secret.
 */
public abstract class BuildFailure extends RuntimeException {
    private final boolean retryable;

    protected BuildFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    protected BuildFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
