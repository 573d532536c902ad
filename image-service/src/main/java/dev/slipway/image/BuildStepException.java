package dev.slipway.image;

/**
 * A step of an image build could not be done. Each cause a person or the pipeline can act on has
 * its own subtype; {@link #retryable()} says whether the same step may succeed later unchanged (a
 * registry that was down) or only after something is changed (a broken Dockerfile). The message is
 * what ends up in {@code StageFailed.reason}, so it names the file, the tool and what it said, and
 * never a secret.
 */
public abstract class BuildStepException extends RuntimeException {
    private final boolean retryable;

    protected BuildStepException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    protected BuildStepException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
