package dev.slipway.status.builds;

import java.time.Instant;
import java.util.UUID;

/** One line of a build's story: an event, in a sentence. */
public record TimelineEntry(Instant time, String type, String stage, String environment, String summary, UUID eventId) {
}
