package dev.slipway.cli.render;

import dev.slipway.cli.status.Build;
import dev.slipway.cli.status.BuildDetails;
import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.EnvironmentEntry;
import dev.slipway.cli.status.StageEntry;

import java.util.Locale;

/** {@code slipway show PLAN BUILD}: one build's story. A failure's reason comes first, where it is seen. */
public final class BuildReport {
    private BuildReport() {
    }

    public static String render(Build build, Times times) {
        BuildSummary summary = build.summary();
        BuildDetails details = build.details();
        StringBuilder text = new StringBuilder();
        text.append(BuildHeadline.of(summary)).append('\n');
        text.append(ending(summary)).append("\n\n");

        Table facts = Table.of("", "");
        facts.row("state", summary.state());
        facts.row("id", summary.id());
        facts.row("request", summary.request());
        facts.row("commit", summary.commit());
        facts.row("branch", summary.branch());
        facts.row("repository", summary.repository());
        if (summary.author() != null) {
            facts.row("author", summary.author().name() + (summary.author().email() == null ? "" : " <" + summary.author().email() + ">"));
        }
        facts.row("message", Table.cut(summary.message(), 200));
        facts.row("trigger", summary.trigger());
        if (summary.pullRequest() != null) {
            BuildSummary.PullRequest pull = summary.pullRequest();
            facts.row("pull request", "#" + pull.number() + (pull.title() == null || pull.title().isBlank() ? "" : " " + Table.cut(pull.title(), 80))
                    + (pull.environment() == null ? "" : ", previewed in " + pull.environment())
                    + (pull.url() == null ? "" : "  " + pull.url()));
        }
        facts.row("received", times.dateTime(summary.receivedAt()));
        facts.row("updated", times.dateTime(summary.updatedAt()));
        if (details.artifact() != null) {
            facts.row("artifact", details.artifact().sha256() + size(details.artifact().sizeBytes()));
        }
        if (details.image() != null) {
            facts.row("image", details.image().reference());
        }
        if (details.links() != null && details.links().log() != null) {
            facts.row("log", details.links().log() + (summary.number() == null ? "" : "  (slipway logs " + summary.plan() + " " + summary.number() + ")"));
        }
        // the fact table has no header: its first line is the blank header row
        text.append(facts.render().lines().skip(1).map(line -> line + "\n").reduce("", String::concat));

        if (!summary.stages().isEmpty()) {
            text.append('\n');
            Table stages = Table.of("STAGE", "STATE", "QUEUED", "STARTED", "FINISHED", "TOOK", "NOTE").alignRight(5);
            for (StageEntry entry : summary.stages()) {
                stages.row(StageLines.label(entry), entry.state(), times.clock(entry.queuedAt()), entry.startedAt() == null ? null : times.clock(entry.startedAt()),
                        entry.finishedAt() == null ? null : times.clock(entry.finishedAt()), Durations.seconds(entry.durationSeconds()), entry.reason());
            }
            text.append(stages.render());
        }
        if (!summary.environments().isEmpty()) {
            text.append('\n');
            Table environments = Table.of("ENVIRONMENT", "STATE", "URL", "AS", "UPDATED", "NOTE");
            for (EnvironmentEntry environment : summary.environments()) {
                environments.row(environment.environment(), environment.state(), environment.url(), environment.detail(),
                        times.dateTime(environment.updatedAt()), environment.reason());
            }
            text.append(environments.render());
        }
        if (!details.timeline().isEmpty()) {
            text.append("\nTIMELINE\n");
            for (BuildDetails.TimelineEntry entry : details.timeline()) {
                text.append("  ").append(times.clock(entry.time())).append("  ").append(entry.summary() == null ? entry.type() : entry.summary()).append('\n');
            }
        }
        return text.toString();
    }

    /** The line under the headline: what became of the build, said the way {@code watch} ends. */
    static String ending(BuildSummary summary) {
        if (summary.is(BuildSummary.FAILED)) {
            return "failed at " + (summary.failedStage() == null ? "?" : summary.failedStage()) + ": " + summary.reason();
        }
        if (summary.is(BuildSummary.SERVED)) {
            return summary.servedAt().map(environment -> "served at " + environment.url() + " (" + environment.environment() + ")").orElse("served");
        }
        return summary.reason() == null ? summary.state() : summary.state() + ": " + summary.reason();
    }

    private static String size(Long bytes) {
        if (bytes == null) {
            return "";
        }
        if (bytes < 1024) {
            return ", " + bytes + " B";
        }
        double kib = bytes / 1024.0;
        return kib < 1024 ? String.format(Locale.ROOT, ", %.1f KiB", kib) : String.format(Locale.ROOT, ", %.1f MiB", kib / 1024);
    }
}
