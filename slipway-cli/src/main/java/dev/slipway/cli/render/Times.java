package dev.slipway.cli.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Points in time for people, in the local time zone (status-service gives them in UTC). */
public final class Times {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private final Clock clock;

    public Times(Clock clock) {
        this.clock = clock;
    }

    public static Times system() {
        return new Times(Clock.systemDefaultZone());
    }

    public Instant now() {
        return clock.instant();
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    /** {@code 10:01:02}: for lines of one build's progress. */
    public String clock(Instant time) {
        return time == null ? "--:--:--" : CLOCK.format(time.atZone(zone()));
    }

    /** {@code 2026-11-25 10:01:02 CET}. */
    public String dateTime(Instant time) {
        return time == null ? "-" : DATE_TIME.format(time.atZone(zone()));
    }

    /** {@code 45s ago}, {@code 3m ago}: for lists. */
    public String ago(Instant time) {
        if (time == null) {
            return "-";
        }
        Duration age = Duration.between(time, now());
        return age.isNegative() || age.toSeconds() < 1 ? "just now" : Durations.coarse(age) + " ago";
    }

    /** How long from {@code since} until now. */
    public Duration since(Instant since) {
        return since == null ? Duration.ZERO : Duration.between(since, now());
    }
}
