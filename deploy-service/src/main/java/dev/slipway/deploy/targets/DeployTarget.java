package dev.slipway.deploy.targets;

/** A cluster that runs apps: a Docker engine, a Docker Swarm or Marathon. */
public interface DeployTarget extends AutoCloseable {

    /** The configured name of this target. */
    String name();

    /** {@code docker}, {@code swarm} or {@code marathon}: what {@code DeploymentFinished.target} says. */
    String type();

    /** Asks the target to run {@code app}, replacing what runs under the same name. Returns before it runs. */
    Rollout start(AppSpec app) throws TargetException;

    /** Removes the app with this name; does nothing when there is none. */
    void remove(AppName app) throws TargetException;

    @Override
    default void close() {
    }
}
