package dev.slipway.cli.render;

import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.PlanOverview;

import java.util.List;
import java.util.stream.Collectors;

/** {@code slipway plans}: each plan's latest build and what runs in its environments. */
public final class PlansTable {
    private PlansTable() {
    }

    public static String render(List<PlanOverview> plans, Times times) {
        if (plans.isEmpty()) {
            return "no plans yet: status-service has seen no build\n";
        }
        Table table = Table.of("PLAN", "BUILD", "STATE", "COMMIT", "UPDATED", "ENVIRONMENTS");
        for (PlanOverview plan : plans) {
            BuildSummary latest = plan.latestBuild();
            table.row(plan.failing() ? plan.plan() + " !" : plan.plan(),
                    latest == null ? null : latest.number() == null ? "-" : "#" + latest.number(),
                    latest == null ? null : latest.state(),
                    latest == null ? null : latest.shortCommit(),
                    times.ago(plan.updatedAt()),
                    environments(plan));
        }
        String legend = plans.stream().anyMatch(PlanOverview::failing)
                ? "! failing: the latest build or an environment's latest deployment failed\n" : "";
        return table.render() + legend;
    }

    private static String environments(PlanOverview plan) {
        return plan.environments().stream()
                .map(environment -> environment.environment() + " #" + environment.build() + " " + environment.state()
                        + (environment.url() == null ? "" : " " + environment.url()))
                .collect(Collectors.joining(", "));
    }
}
