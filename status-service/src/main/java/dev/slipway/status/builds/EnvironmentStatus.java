package dev.slipway.status.builds;

import java.time.Instant;

/**
 * Where a deployment to an environment stands: for a plan (its current build there) or for one build.
 *
 * @param state {@code deploying}, {@code waiting}, {@code running}, {@code failed}, {@code superseded},
 *              {@code rolled-back} (for a build: it did not take, the environment kept serving the build before)
 *              or {@code removed} (a preview whose pull request closed)
 */
public record EnvironmentStatus(String environment, Long build, String state, String url, String reason, String detail,
                                Instant updatedAt) {

    /** The environment's word for a deployment: a replaced one (a later build took its app over) is superseded. */
    public static String of(StageEntry deployment) {
        return deployment.replacedAt() != null && deployment.state() == EntryState.SUCCEEDED ? "superseded" : of(deployment.state());
    }

    /** The environment's word for a deploy entry's state. */
    public static String of(EntryState state) {
        return switch (state) {
            case QUEUED, RUNNING -> "deploying";
            case WAITING -> "waiting";
            case SUCCEEDED -> "running";
            case FAILED -> "failed";
            case SUPERSEDED -> "superseded";
            case ROLLED_BACK -> "rolled-back";
            case REMOVED -> "removed";
        };
    }
}
