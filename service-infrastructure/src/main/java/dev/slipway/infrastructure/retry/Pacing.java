package dev.slipway.infrastructure.retry;

import java.time.Duration;

/**
 * How long to wait between two looks at something that is usually ready at once but may take a
 * while: a container that was just started, an app that was just placed. The first looks come
 * quickly (from {@code first}, doubling), and only what takes longer is looked at every
 * {@code interval}, which bounds the load a long wait puts on what is asked.
 *
 * <p>One per wait; not thread-safe.
 */
public final class Pacing {
    private final Duration interval;
    private Duration next;

    public Pacing(Duration first, Duration interval) {
        this.interval = interval;
        this.next = first.compareTo(interval) > 0 ? interval : first;
    }

    /** The wait before the next look: the one after it is twice as long, up to the interval. */
    public Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(interval) > 0 ? interval : doubled;
        return now;
    }
}
