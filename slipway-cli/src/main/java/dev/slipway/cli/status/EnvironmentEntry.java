package dev.slipway.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** Where a build stands in one environment: {@code running}, {@code deploying}, {@code waiting}, {@code failed} or {@code superseded}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnvironmentEntry(String environment, String state, String url, String reason, String detail, Instant updatedAt) {
    public static final String RUNNING = "running";

    public boolean serves() {
        return RUNNING.equals(state) && url != null;
    }
}
