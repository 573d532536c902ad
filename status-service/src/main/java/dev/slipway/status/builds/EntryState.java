package dev.slipway.status.builds;

import java.util.Locale;

/** Where one stage's work on a build stands. */
public enum EntryState {
    QUEUED, RUNNING, WAITING, SUCCEEDED, FAILED, SUPERSEDED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == SUPERSEDED;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
