package dev.slipway.status.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How the pages write durations and times for people: "3.2 s", "4 min 10 s", "12 min ago". */
public final class Texts {
    private Texts() {
    }

    /** A duration in seconds, as short as it can be read: {@code 0.4 s}, {@code 12 s}, {@code 3 min 4 s}, {@code 2 h 5 min}. */
    public static String duration(Double seconds) {
        if (seconds == null) {
            return null;
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return whole / 60 + " min" + (whole % 60 == 0 ? "" : " " + whole % 60 + " s");
        }
        return whole / 3600 + " h" + (whole % 3600 / 60 == 0 ? "" : " " + whole % 3600 / 60 + " min");
    }

    /** How long ago {@code iso} was, seen at {@code now}: {@code just now}, {@code 40 s ago}, {@code 12 min ago}, {@code 3 h ago}, {@code 2 d ago}. */
    public static String ago(String iso, Instant now) {
        if (iso == null) {
            return null;
        }
        long seconds = Math.max(0, Duration.between(Instant.parse(iso), now).toSeconds());
        if (seconds < 5) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }
}
