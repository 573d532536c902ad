package dev.slipway.status.builds;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One stage's work on a build, started by one input event: the CommitReceived (artifact), the
 * ArtifactStored (image), a DeployRequested (deploy, one entry per request and environment).
 *
 * @param progressedAt time of the last StageProgressed applied, so an older one arriving late changes nothing
 * @param reason       why it failed, waits or was superseded
 * @param detail       deploy: why it was asked for ({@code automatic}, {@code rollback}, {@code promotion})
 * @param url          deploy: where the build runs
 * @param appId        deploy: the app the target runs it as
 * @param replacedAt   deploy: when a later deployment took its app over (a stable environment's next build,
 *                     a rollback); null while it still runs
 * @param replacedBy   deploy: the number of the build that took its app over
 */
public record StageEntry(
        long id,
        long buildId,
        String stage,
        String environment,
        UUID input,
        EntryState state,
        Instant queuedAt,
        Instant startedAt,
        Instant progressedAt,
        Instant finishedAt,
        String reason,
        String detail,
        String url,
        String appId,
        Instant replacedAt,
        Long replacedBy) {

    /** From the start (or the queueing, when the start was not reported) to the end. */
    public Duration duration() {
        Instant from = startedAt != null ? startedAt : queuedAt;
        return from == null || finishedAt == null ? null : Duration.between(from, finishedAt);
    }

    /** The latest time anything happened to it. */
    public Instant lastChange() {
        Instant latest = null;
        for (Instant time : new Instant[]{queuedAt, startedAt, progressedAt, finishedAt, replacedAt}) {
            if (time != null && (latest == null || time.isAfter(latest))) {
                latest = time;
            }
        }
        return latest;
    }

    /** A deployment that runs: it succeeded and no later deployment took its app over. */
    public boolean runs() {
        return stage.equals("deploy") && state == EntryState.SUCCEEDED && replacedAt == null;
    }

    /** The same entry in another state, with other times, reason, detail or URL. */
    public StageEntry with(EntryState newState, Instant newQueuedAt, Instant newStartedAt, Instant newProgressedAt, Instant newFinishedAt,
                           String newReason, String newDetail, String newUrl) {
        return new StageEntry(id, buildId, stage, environment, input, newState, newQueuedAt, newStartedAt, newProgressedAt, newFinishedAt,
                newReason, newDetail, newUrl, appId, replacedAt, replacedBy);
    }

    /** When it was asked for: what orders deployments of one environment. */
    public Instant requestedAt() {
        return queuedAt != null ? queuedAt : startedAt != null ? startedAt : lastChange();
    }
}
