package dev.slipway.cli.render;

import dev.slipway.cli.status.BuildPage;
import dev.slipway.cli.status.BuildSummary;

/** {@code slipway builds PLAN}: a page of a plan's builds, newest first. */
public final class BuildsTable {
    private static final int DETAIL_WIDTH = 70;

    private BuildsTable() {
    }

    /** {@code page} is the page the person asked for, counted from 1. */
    public static String render(BuildPage page, Times times) {
        if (page.builds().isEmpty()) {
            return page.total() == 0 ? "plan " + page.plan() + " has no builds\n"
                    : "page " + (page.page() + 1) + " of plan " + page.plan() + " is empty: it has " + page.total() + " build(s)\n";
        }
        Table table = Table.of("BUILD", "STATE", "COMMIT", "BRANCH", "TRIGGER", "RECEIVED", "DETAIL");
        for (BuildSummary build : page.builds()) {
            table.row(build.number() == null ? "-" : "#" + build.number(), build.state(), build.shortCommit(), build.branch(),
                    build.trigger(), times.ago(build.receivedAt()), Table.cut(detail(build), DETAIL_WIDTH));
        }
        long pages = page.size() <= 0 ? 1 : Math.max(1, (page.total() + page.size() - 1) / page.size());
        String footer = "page " + (page.page() + 1) + " of " + pages + " (" + page.total() + " build" + (page.total() == 1 ? "" : "s") + ")";
        if (page.page() + 1 < pages) {
            footer += "; next: slipway builds " + page.plan() + " --page " + (page.page() + 2);
        }
        return table.render() + footer + "\n";
    }

    /** Why a build stopped or waits, else its commit message. */
    static String detail(BuildSummary build) {
        if (build.is(BuildSummary.FAILED)) {
            return "failed at " + (build.failedStage() == null ? "?" : build.failedStage()) + ": " + build.reason();
        }
        if (build.reason() != null && (build.is(BuildSummary.WAITING) || build.is(BuildSummary.SUPERSEDED))) {
            return build.state() + ": " + build.reason();
        }
        return build.message();
    }
}
