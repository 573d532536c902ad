package dev.slipway.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code GET /plans/{plan}/builds}: one page of a plan's builds, newest first; {@code page} counts from 0. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildPage(String plan, int page, int size, long total, List<BuildSummary> builds) {

    public BuildPage {
        builds = builds == null ? List.of() : List.copyOf(builds);
    }
}
