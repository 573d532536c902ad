package dev.slipway.deploy.targets;

import java.net.URI;

/** One app being brought to run on a target. */
public interface Rollout {

    /** The id the target knows the app by (container or service name, Marathon app id). */
    String appId();

    /** Looks at the cluster once and says where the rollout stands; may take the next step itself. */
    Progress poll() throws TargetException;

    /**
     * Gives up on the rollout, undoing what the target would otherwise finish later behind our
     * back (a queued Marathon deployment, a pending Swarm task).
     */
    void abandon() throws TargetException;

    /**
     * A stable environment's new build passed its health check at {@code placed}: the environment's URL
     * moves to it, and what served before is stopped. Targets that update in place (Swarm, Marathon)
     * have already switched when they report {@link Progress.Placed}.
     *
     * @return where the environment serves from now on: the URL that stays the same across builds
     */
    default URI promote(URI placed) throws TargetException {
        return placed;
    }

    /**
     * A stable environment's new build failed (its health check, or it exited): it is stopped and removed,
     * and the environment stays on (or returns to) the build that served before.
     */
    default RolledBack rollBack() throws TargetException {
        abandon();
        return new RolledBack(null, "");
    }

    /**
     * @param serving    where the environment still serves its last healthy build; null when it has none
     * @param lastOutput the end of the failed build's output ({@code "; its last output: ..."}), or ""
     */
    record RolledBack(URI serving, String lastOutput) {
    }
}
