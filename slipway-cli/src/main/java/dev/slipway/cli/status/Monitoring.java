package dev.slipway.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

/** {@code GET /monitoring}: per stage, how far its consumer group is behind and how fast it goes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Monitoring(Instant sampledAt, Integer rateWindowSeconds, Integer durationWindowSeconds,
                         List<StageLag> stages, List<DeadLetterTopic> deadLetterTopics) {

    public Monitoring {
        stages = stages == null ? List.of() : List.copyOf(stages);
        deadLetterTopics = deadLetterTopics == null ? List.of() : List.copyOf(deadLetterTopics);
    }

    /**
     * One consumer group of the pipeline.
     *
     * @param oldestUnprocessedAgeSeconds null when nothing waits
     * @param durationP50Seconds          null when no stage entry finished in the window
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StageLag(String stage, String group, long lag, Double oldestUnprocessedAgeSeconds, double inPerMinute,
                           double outPerMinute, long deadLetters, Double durationP50Seconds, Double durationP95Seconds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeadLetterTopic(String topic, long depth) {
    }
}
