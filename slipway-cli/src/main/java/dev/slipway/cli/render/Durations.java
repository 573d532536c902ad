package dev.slipway.cli.render;

import java.time.Duration;
import java.util.Locale;

/** Durations for people: {@code 0.4s}, {@code 12s}, {@code 3m 05s}, {@code 2h 07m}, {@code 3d 04h}. */
public final class Durations {
    private Durations() {
    }

    /** Seconds as status-service gives them (a number with milliseconds); null is shown as {@code -}. */
    public static String seconds(Double seconds) {
        return seconds == null ? "-" : of(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    public static String of(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** Short for lists: {@code 45s}, {@code 3m}, {@code 2h}, {@code 4d}. */
    public static String coarse(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }
}
