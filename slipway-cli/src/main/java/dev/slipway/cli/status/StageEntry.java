package dev.slipway.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/**
 * One stage of a build, in pipeline order; a build has a deploy entry per deployment request.
 *
 * @param detail deploy: {@code automatic}, {@code rollback} or {@code promotion}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageEntry(String stage, String environment, String state, Instant queuedAt, Instant startedAt,
                         Instant finishedAt, Double durationSeconds, String reason, String detail) {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String WAITING = "waiting";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String SUPERSEDED = "superseded";
    /** A deployment that failed its health check beside the build that served, which kept serving. */
    public static final String ROLLED_BACK = "rolled-back";
    /** A deployment whose environment was removed (a preview whose pull request closed). */
    public static final String REMOVED = "removed";

    /** {@code image}, or {@code deploy review} for a deployment. */
    public String label() {
        return environment == null ? stage : stage + " " + environment;
    }

    public boolean finished() {
        return SUCCEEDED.equals(state) || FAILED.equals(state) || SUPERSEDED.equals(state) || ROLLED_BACK.equals(state)
                || REMOVED.equals(state);
    }

    /** When the stage took the build up, or was handed it. */
    public Instant began() {
        return startedAt != null ? startedAt : queuedAt;
    }
}
