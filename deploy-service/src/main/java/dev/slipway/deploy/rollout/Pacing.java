package dev.slipway.deploy.rollout;

import java.time.Duration;

/**
 * How long a rollout waits between two looks at its target. A container usually runs, and its app
 * answers, within tens of milliseconds of its start, so the first looks come quickly (from
 * {@value #FIRST_MILLIS} ms, doubling), and only a rollout that takes longer settles at the
 * configured poll interval ({@code slipway.deploy.poll-interval}), which bounds the load that a
 * long wait puts on the target.
 */
final class Pacing {
    static final long FIRST_MILLIS = 20;

    private final Duration interval;
    private Duration next;

    Pacing(Duration interval) {
        this.interval = interval;
        this.next = Duration.ofMillis(Math.min(FIRST_MILLIS, interval.toMillis()));
    }

    /** The wait before the next look: the one after it is twice as long, up to the poll interval. */
    Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(interval) > 0 ? interval : doubled;
        return now;
    }
}
