package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/**
 * Where a deployment stands. WAITING means the cluster cannot place it yet, which is not a failure;
 * SUPERSEDED means it was not deployed because a newer build already runs there, which is not a
 * failure either. ROLLED_BACK means the build was started beside the one serving, failed its health
 * check and was stopped: the environment stayed on (or went back to) its last healthy build.
 * REMOVED means a build that ran was taken down with its environment (a preview whose pull request
 * closed).
 */
public enum DeploymentState {
    WAITING, DEPLOYING, RUNNING, FAILED, SUPERSEDED, ROLLED_BACK, REMOVED;

    public boolean finished() {
        return this == RUNNING || this == FAILED || this == SUPERSEDED || this == ROLLED_BACK || this == REMOVED;
    }

    @JsonValue
    public String json() {
        return Enums.json(this);
    }

    @JsonCreator
    public static DeploymentState parse(String text) {
        return Enums.parse(DeploymentState.class, text, "state");
    }
}
