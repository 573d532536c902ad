package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How far a stage has got with a build, short of finishing it (finishing has events of its own). */
public enum Progress {
    /** The stage took the build up: its work began now, not when its input was published. */
    STARTED,
    /** The stage cannot go on yet for a reason that is not a failure (a cluster without room for it). */
    WAITING;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Progress parse(String text) {
        return Enums.parse(Progress.class, text, "progress");
    }
}
