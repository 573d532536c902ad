package dev.slipway.status.views;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A plan: its latest build and where each of its environments stands.
 *
 * @param failing its latest build failed, or an environment's latest deployment failed
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PlanView(String plan, BuildSummary latestBuild, List<EnvironmentView> environments, String updatedAt, boolean failing) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EnvironmentView(String environment, Long build, String state, String url, String updatedAt) {
    }
}
