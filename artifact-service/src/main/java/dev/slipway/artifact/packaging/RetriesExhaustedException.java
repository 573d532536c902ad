package dev.slipway.artifact.packaging;

import dev.slipway.artifact.BuildFailure;

import java.time.Duration;

/**
 * Every attempt failed in a way that may pass: the build may still succeed when asked for again
 * later. The message is the last failure's, followed by how long was tried, so that the person who
 * reads the {@code StageFailed} sees both what went wrong and that it was not a single hiccup.
 */
public final class RetriesExhaustedException extends BuildFailure {
    public RetriesExhaustedException(BuildFailure last, int attempts, Duration spent) {
        super(last.getMessage() + " (gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + " in " + spent.toMillis() / 100 / 10.0 + " s)", true, last);
    }
}
