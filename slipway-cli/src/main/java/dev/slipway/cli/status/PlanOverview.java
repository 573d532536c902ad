package dev.slipway.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A plan as {@code GET /plans} and {@code GET /plans/{plan}} show it.
 *
 * @param failing its latest build failed, or an environment's latest deployment did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanOverview(String plan, BuildSummary latestBuild, List<PlanEnvironment> environments, Instant updatedAt,
                           boolean failing) {

    public PlanOverview {
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    /** Which build an environment of the plan has now. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlanEnvironment(String environment, Long build, String state, String url, Instant updatedAt) {
    }

    public Optional<PlanEnvironment> environment(String name) {
        return environments.stream().filter(environment -> name.equals(environment.environment())).findFirst();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plans(List<PlanOverview> plans) {
        public Plans {
            plans = plans == null ? List.of() : List.copyOf(plans);
        }
    }
}
