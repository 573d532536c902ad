package dev.slipway.deploy.targets;

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
}
