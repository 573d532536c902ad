package dev.slipway.status.builds;

import java.util.Locale;

/** Where a build stands, as the status API names it (see the README's "Build states"). */
public enum BuildState {
    /** CommitReceived seen; no stage has taken it up yet. */
    RECEIVED,
    /** A stage works on it, or its input waits in the next stage's queue. */
    RUNNING,
    /** A deployment of it waits (the cluster cannot place it yet). */
    WAITING,
    /** Its image is in the registry and no deployment of it was requested. */
    BUILT,
    /** At least one deployment of it runs, and none of its stages failed since. */
    SERVED,
    /** A stage gave up on it. */
    FAILED,
    /** Its only deployments ended superseded by a newer build (not a failure). */
    SUPERSEDED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BuildState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
