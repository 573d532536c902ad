package dev.slipway.cli.render;

import dev.slipway.cli.status.StageEntry;

import java.time.Duration;
import java.time.Instant;

/** How one stage of a build reads, in {@code watch} and {@code show}. */
public final class StageLines {
    static final int LABEL_WIDTH = 18;

    private StageLines() {
    }

    /** {@code deploy production (rollback)}; an automatic deployment needs no note. */
    public static String label(StageEntry entry) {
        String detail = entry.detail() == null || entry.detail().equals("automatic") ? "" : " (" + entry.detail() + ")";
        return entry.label() + detail;
    }

    /**
     * What the stage is doing: {@code succeeded in 1.9s}, {@code waiting: insufficient cpus}. With
     * {@code now}, an unfinished stage also says for how long ({@code running for 12s}).
     */
    public static String describe(StageEntry entry, Instant now) {
        String state = entry.state() == null ? "unknown" : entry.state();
        String elapsed = now == null || entry.began() == null ? "" : " for " + Durations.of(Duration.between(entry.began(), now));
        return switch (state) {
            case StageEntry.SUCCEEDED -> "succeeded" + took(entry);
            case StageEntry.FAILED -> "failed" + took(entry) + reason(entry);
            case StageEntry.SUPERSEDED -> "superseded" + reason(entry);
            case StageEntry.ROLLED_BACK -> "rolled back" + took(entry) + reason(entry);
            case StageEntry.REMOVED -> "removed" + reason(entry);
            case StageEntry.WAITING -> "waiting" + elapsed + reason(entry);
            case StageEntry.RUNNING, StageEntry.QUEUED -> state + elapsed;
            default -> state + reason(entry);
        };
    }

    /** A mark for a terminal, one per state. */
    public static String mark(StageEntry entry) {
        String state = entry.state() == null ? "" : entry.state();
        return switch (state) {
            case StageEntry.SUCCEEDED -> "✓";
            case StageEntry.FAILED -> "✗";
            case StageEntry.SUPERSEDED, StageEntry.REMOVED -> "–";
            case StageEntry.ROLLED_BACK -> "↶";
            case StageEntry.WAITING -> "…";
            case StageEntry.RUNNING -> "▶";
            default -> "·";
        };
    }

    private static String took(StageEntry entry) {
        Double seconds = entry.durationSeconds();
        if (seconds == null && entry.finishedAt() != null && entry.began() != null) {
            seconds = Duration.between(entry.began(), entry.finishedAt()).toMillis() / 1000.0;
        }
        return seconds == null ? "" : " in " + Durations.seconds(seconds);
    }

    private static String reason(StageEntry entry) {
        return entry.reason() == null || entry.reason().isBlank() ? "" : ": " + entry.reason().strip();
    }

    static String pad(String label) {
        return label.length() >= LABEL_WIDTH ? label + " " : label + " ".repeat(LABEL_WIDTH - label.length());
    }
}
