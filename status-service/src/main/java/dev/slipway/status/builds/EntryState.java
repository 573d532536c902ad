package dev.slipway.status.builds;

import java.util.Locale;

/**
 * Where one stage's work on a build stands. A deployment may also end {@link #ROLLED_BACK} (it failed
 * its health check beside the build that served, which kept serving) or {@link #REMOVED} (it ran,
 * and its environment was removed: a preview whose pull request closed).
 */
public enum EntryState {
    QUEUED, RUNNING, WAITING, SUCCEEDED, FAILED, SUPERSEDED, ROLLED_BACK, REMOVED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == SUPERSEDED || this == ROLLED_BACK || this == REMOVED;
    }

    /** Whether the stage gave up on the build: a rollback is a deployment that did not take. */
    public boolean failed() {
        return this == FAILED || this == ROLLED_BACK;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static EntryState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
