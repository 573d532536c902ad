package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a deployment stands. WAITING means the cluster cannot place it yet, which is not a failure;
 * SUPERSEDED means it was not deployed because a newer build already runs there, which is not a
 * failure either.
 */
public enum DeploymentState {
    WAITING, DEPLOYING, RUNNING, FAILED, SUPERSEDED;

    public boolean finished() {
        return this == RUNNING || this == FAILED || this == SUPERSEDED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeploymentState parse(String text) {
        return Enums.parse(DeploymentState.class, text, "state");
    }
}
