package dev.slipway.status.dashboard;

import java.util.List;

/**
 * {@code /ui/plans/<plan>}: a page of its builds, newest first, and for operators the form that builds now.
 *
 * @param newerUrl the page of newer builds, or null on the first
 * @param olderUrl the page of older builds, or null on the last
 */
public record PlanPage(Chrome chrome, String plan, int pageNumber, List<BuildRow> builds, String newerUrl, String olderUrl) {

    public String triggerUrl() {
        return DashboardPaths.plan(plan) + "/builds";
    }
}
