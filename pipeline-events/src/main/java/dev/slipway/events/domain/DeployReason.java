package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/** Why a deployment was asked for. Only a rollback may replace a newer build with an older one. */
public enum DeployReason {
    /** The deploy policy sent a freshly built image to an environment. */
    AUTOMATIC,
    /** A person asked to go back to an earlier build. */
    ROLLBACK,
    /** A person asked to move a build into another environment. */
    PROMOTION;

    @JsonValue
    public String json() {
        return Enums.json(this);
    }

    @JsonCreator
    public static DeployReason parse(String text) {
        return Enums.parse(DeployReason.class, text, "reason");
    }
}
