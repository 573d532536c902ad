package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/** What started a build. */
public enum Trigger {
    /** A branch push reported by a provider's webhook. */
    PUSH,
    /** A pull or merge request merged into a plan's branch. */
    MERGE,
    /** A pull or merge request into a plan's branch was opened or updated: a preview of its head. */
    PULL_REQUEST,
    /** A plan's cron schedule found a new branch head. */
    SCHEDULE,
    /** A person asked for it through the API. */
    MANUAL;

    @JsonValue
    public String json() {
        return Enums.json(this);
    }

    @JsonCreator
    public static Trigger parse(String text) {
        return Enums.parse(Trigger.class, text, "trigger");
    }
}
