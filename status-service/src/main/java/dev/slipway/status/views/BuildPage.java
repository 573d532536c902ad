package dev.slipway.status.views;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A page of a plan's builds, newest first. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildPage(String plan, int page, int size, long total, List<BuildSummary> builds) {
}
