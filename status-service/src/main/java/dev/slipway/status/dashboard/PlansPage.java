package dev.slipway.status.dashboard;

import java.util.List;

/** {@code /ui/plans}: every plan, by name. */
public record PlansPage(Chrome chrome, List<PlanRow> plans) {

    /**
     * One plan: where its newest build stands and what runs in each environment.
     *
     * @param state       the newest build's state ({@code none} when only deployments are known)
     * @param latest      the newest build in words ({@code build 3}), or null
     * @param updatedIso  when anything of the plan last changed (ISO-8601), shown as {@code updatedText}
     */
    public record PlanRow(String plan, String url, String state, boolean failing, String latest, String latestUrl,
                          List<PlanEnvironment> environments, String updatedIso, String updatedText) {
    }

    /** @param url where its build runs, when it runs */
    public record PlanEnvironment(String environment, Long build, String state, String url) {
    }
}
