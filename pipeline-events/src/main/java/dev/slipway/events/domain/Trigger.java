package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What started a build. */
public enum Trigger {
    /** A branch push reported by a provider's webhook. */
    PUSH,
    /** A pull or merge request merged into a plan's branch. */
    MERGE,
    /** A plan's cron schedule found a new branch head. */
    SCHEDULE,
    /** A person asked for it through the API. */
    MANUAL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Trigger parse(String text) {
        return Enums.parse(Trigger.class, text, "trigger");
    }
}
