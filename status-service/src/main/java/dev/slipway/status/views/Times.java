package dev.slipway.status.views;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the status API writes times (ISO-8601 UTC with milliseconds) and durations (seconds, 3 decimals). */
public final class Times {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String format(Instant time) {
        return time == null ? null : ISO_MILLIS.format(time);
    }

    public static Double seconds(Duration duration) {
        return duration == null ? null : Math.round(duration.toMillis()) / 1000.0;
    }

    public static double seconds(double millis) {
        return Math.round(millis) / 1000.0;
    }
}
