package dev.slipway.status.deadletters;

import java.time.Instant;
import java.util.UUID;

/**
 * A record parked on a dead-letter topic, or one that status-service itself could not read.
 *
 * @param originalTopic where the record was first published ({@code slipway_dlt_original_topic})
 * @param reason        why it was parked ({@code slipway_dlt_reason}), or why status-service could not read it
 * @param time          the broker's timestamp of the record
 * @param plan          the plan of the event it holds, when it could be read; else its key when that is a plan name
 * @param eventId       the id of the event it holds, when known
 */
public record DeadLetter(String topic, int partition, long offset, String originalTopic, String reason, Instant time,
                         String plan, UUID eventId) {
}
