package dev.slipway.image.records;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where an image build stands. */
public enum BuildState {
    /** Waiting for a free build slot. */
    QUEUED,
    DOWNLOADING,
    BUILDING,
    /** Running the descriptor's test command and acceptance check. */
    TESTING,
    PUSHING,
    /** Pushed; {@code ImageBuilt} was emitted. */
    SUCCEEDED,
    /** Gave up; {@code StageFailed} was emitted. */
    FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static BuildState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
