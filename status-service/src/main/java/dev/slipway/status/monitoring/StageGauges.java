package dev.slipway.status.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The monitoring's figures as Prometheus gauges ({@code /prometheus}):
 * {@code slipway_stage_lag}, {@code slipway_stage_oldest_unprocessed_seconds} (0 when nothing
 * waits), {@code slipway_stage_in_per_minute} and {@code slipway_stage_out_per_minute}, each by
 * {@code stage}, {@code group} and {@code topic}; {@code slipway_dead_letter_depth} by
 * {@code topic}; {@code slipway_stage_duration_seconds} by {@code stage} and {@code quantile}
 * (NaN while the window holds no finished stage).
 */
@Singleton
public class StageGauges {
    private final MeterRegistry registry;
    /** Micrometer holds a gauge's value object weakly: these keep them. */
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public StageGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void update(MonitoringReport report) {
        for (MonitoringReport.StageRow stage : report.stages()) {
            for (MonitoringReport.TopicRow topic : stage.topics()) {
                Tags tags = Tags.of("stage", stage.stage(), "group", stage.group(), "topic", topic.topic());
                set("slipway.stage.lag", tags, "records the consumer group has not processed yet", topic.lag());
                set("slipway.stage.oldest.unprocessed.seconds", tags, "age of the oldest record the group has not processed",
                        topic.oldestUnprocessedAgeSeconds() == null ? 0 : topic.oldestUnprocessedAgeSeconds());
                set("slipway.stage.in.per.minute", tags, "records appended to the topic per minute", topic.inPerMinute());
                set("slipway.stage.out.per.minute", tags, "records the group processed per minute", topic.outPerMinute());
            }
            if (!stage.stage().equals("status")) {
                set("slipway.stage.duration.seconds", Tags.of("stage", stage.stage(), "quantile", "0.5"),
                        "how long the stage took (start or queueing to finish) in the duration window",
                        stage.durationP50Seconds() == null ? Double.NaN : stage.durationP50Seconds());
                set("slipway.stage.duration.seconds", Tags.of("stage", stage.stage(), "quantile", "0.95"),
                        "how long the stage took (start or queueing to finish) in the duration window",
                        stage.durationP95Seconds() == null ? Double.NaN : stage.durationP95Seconds());
            }
        }
        for (MonitoringReport.DeadLetterTopic topic : report.deadLetterTopics()) {
            set("slipway.dead.letter.depth", Tags.of("topic", topic.topic()), "records parked on the dead-letter topic", topic.depth());
        }
    }

    private void set(String name, Tags tags, String description, double value) {
        String key = name + tags;
        values.computeIfAbsent(key, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(value);
            Gauge.builder(name, holder, AtomicReference::get).tags(tags).description(description).register(registry);
            return holder;
        }).set(value);
    }
}
