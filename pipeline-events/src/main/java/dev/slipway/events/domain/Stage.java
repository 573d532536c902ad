package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A stage of the pipeline, one per service; {@code StageFailed} names the one that gave up. */
public enum Stage {
    WEBHOOK, ARTIFACT, IMAGE, DEPLOY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stage parse(String text) {
        return Enums.parse(Stage.class, text, "stage");
    }
}
