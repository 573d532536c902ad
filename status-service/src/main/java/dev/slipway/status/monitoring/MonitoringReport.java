package dev.slipway.status.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code GET /monitoring}: per pipeline consumer group, how it keeps up with its topics. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MonitoringReport(String sampledAt, long rateWindowSeconds, long durationWindowSeconds, List<StageRow> stages,
                               List<DeadLetterTopic> deadLetterTopics) {

    /**
     * One {@code PipelineConsumer}: its group's lag over its topics, the age of the oldest record it
     * has not processed, records per minute in (appended) and out (committed), dead letters in the
     * twins of its topics, and how long its stage took (p50, p95) in the duration window.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StageRow(String stage, String group, long lag, Double oldestUnprocessedAgeSeconds, double inPerMinute,
                           double outPerMinute, long deadLetters, Double durationP50Seconds, Double durationP95Seconds,
                           List<TopicRow> topics) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TopicRow(String topic, long lag, Double oldestUnprocessedAgeSeconds, double inPerMinute, double outPerMinute,
                           long deadLetters) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetterTopic(String topic, long depth) {
    }

    /** {@code GET /monitoring/history}: the figures of every sample kept, oldest first. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record History(List<HistorySample> samples) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HistorySample(String time, List<HistoryStage> stages) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HistoryStage(String stage, long lag, double inPerMinute, double outPerMinute, long deadLetters) {
    }
}
