package dev.slipway.cli.render;

import dev.slipway.cli.status.BuildSummary;

/** {@code hello-site #3 · commit 1a2b3c4 on main · "my first build"}: a build named in one line. */
final class BuildHeadline {
    private BuildHeadline() {
    }

    static String of(BuildSummary build) {
        StringBuilder line = new StringBuilder(build.plan()).append(' ').append(build.number() == null ? "(not numbered yet)" : "#" + build.number());
        line.append(" · commit ").append(build.shortCommit());
        if (build.branch() != null) {
            line.append(" on ").append(build.branch());
        }
        if (build.message() != null && !build.message().isBlank()) {
            line.append(" · \"").append(Table.cut(build.message(), 60)).append('"');
        }
        return line.toString();
    }
}
