package dev.slipway.status.monitoring;

import dev.slipway.events.EventType;
import dev.slipway.events.Topics;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.status.builds.BuildStore;
import dev.slipway.status.database.Database;
import dev.slipway.status.views.Times;
import jakarta.inject.Singleton;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the samples say: per pipeline consumer (in pipeline order) and topic, the lag, the age of
 * the oldest unprocessed record, records in and out per minute over the rate window, dead letters,
 * and the stage's durations (p50, p95) over the duration window. Computed once per sample, kept
 * for the history window in memory (a ring), and handed to the Prometheus gauges.
 */
@Singleton
public class Monitoring {
    private final MonitoringConfiguration configuration;
    private final OldestRecords oldestRecords;
    private final Database database;
    private final StageGauges gauges;
    private final Deque<BusSample> recent = new ArrayDeque<>();
    private final Deque<MonitoringReport.HistorySample> history = new ArrayDeque<>();
    private volatile MonitoringReport latest;
    private volatile Failure lastFailure;

    public Monitoring(MonitoringConfiguration configuration, OldestRecords oldestRecords, Database database, StageGauges gauges) {
        this.configuration = configuration;
        this.oldestRecords = oldestRecords;
        this.database = database;
        this.gauges = gauges;
    }

    /** The figures of the latest sample; empty before the first one succeeded. */
    public Optional<MonitoringReport> latest() {
        return Optional.ofNullable(latest);
    }

    /** Why sampling failed last, if it failed after (or without) the latest success. */
    public Optional<Failure> lastFailure() {
        Failure failure = lastFailure;
        MonitoringReport report = latest;
        return failure != null && (report == null || failure.time().isAfter(Instant.parse(report.sampledAt()))) ? Optional.of(failure)
                : Optional.empty();
    }

    public synchronized MonitoringReport.History history() {
        return new MonitoringReport.History(List.copyOf(history));
    }

    synchronized void failed(Instant time, String message) {
        lastFailure = new Failure(time, message);
    }

    synchronized void record(BusSample sample) {
        recent.addLast(sample);
        while (recent.size() > 1 && recent.peekFirst().time().isBefore(sample.time().minus(configuration.rateWindow()).minus(configuration.interval()))) {
            recent.removeFirst();
        }
        BusSample windowStart = recent.stream().filter(s -> !s.time().isBefore(sample.time().minus(configuration.rateWindow())))
                .findFirst().orElse(sample);
        MonitoringReport report = report(sample, windowStart);
        latest = report;
        history.addLast(new MonitoringReport.HistorySample(report.sampledAt(), report.stages().stream()
                .map(s -> new MonitoringReport.HistoryStage(s.stage(), s.lag(), s.inPerMinute(), s.outPerMinute(), s.deadLetters()))
                .toList()));
        Instant keepFrom = sample.time().minus(configuration.history());
        while (!history.isEmpty() && Instant.parse(history.peekFirst().time()).isBefore(keepFrom)) {
            history.removeFirst();
        }
        gauges.update(report);
    }

    private MonitoringReport report(BusSample now, BusSample then) {
        double minutes = Duration.between(then.time(), now.time()).toMillis() / 60_000.0;
        List<MonitoringReport.StageRow> stages = new ArrayList<>();
        for (PipelineConsumer consumer : PipelineConsumer.values()) {
            List<MonitoringReport.TopicRow> topics = new ArrayList<>();
            long lag = 0;
            long deadLetters = 0;
            double in = 0;
            double out = 0;
            TopicPartition mostLagging = null;
            long mostLag = 0;
            for (String topic : consumer.topics()) {
                long topicLag = 0;
                long appended = 0;
                long processed = 0;
                TopicPartition topicMostLagging = null;
                long topicMostLag = 0;
                for (TopicPartition partition : now.partitions(topic)) {
                    long partitionLag = now.lag(consumer, partition);
                    topicLag += partitionLag;
                    if (partitionLag > topicMostLag) {
                        topicMostLag = partitionLag;
                        topicMostLagging = partition;
                    }
                    appended += now.end().getOrDefault(partition, 0L) - then.end().getOrDefault(partition, now.end().getOrDefault(partition, 0L));
                    processed += now.position(consumer, partition) - (then.end().containsKey(partition)
                            ? then.position(consumer, partition) : now.position(consumer, partition));
                }
                long topicDeadLetters = topic.endsWith(Topics.DEAD_LETTER_SUFFIX) ? 0 : depth(now, Topics.deadLetter(topic));
                double topicIn = round(perMinute(appended, minutes));
                double topicOut = round(perMinute(processed, minutes));
                topics.add(new MonitoringReport.TopicRow(topic, topicLag, age(now, consumer, topicMostLagging), topicIn, topicOut,
                        topicDeadLetters));
                lag += topicLag;
                deadLetters += topicDeadLetters;
                in += topicIn;
                out += topicOut;
                if (topicMostLag > mostLag) {
                    mostLag = topicMostLag;
                    mostLagging = topicMostLagging;
                }
            }
            String stage = stageName(consumer);
            List<Duration> durations = stage.equals("status") ? List.of()
                    : database.read(sql -> BuildStore.durations(sql, stage, now.time().minus(configuration.durationWindow())));
            stages.add(new MonitoringReport.StageRow(stage, now.groups().get(consumer), lag, age(now, consumer, mostLagging),
                    round(in), round(out), deadLetters, percentile(durations, 0.5), percentile(durations, 0.95), topics));
        }
        List<MonitoringReport.DeadLetterTopic> deadLetterTopics = EventType.allTopics().stream()
                .filter(topic -> topic.endsWith(Topics.DEAD_LETTER_SUFFIX))
                .map(topic -> new MonitoringReport.DeadLetterTopic(topic, depth(now, topic))).toList();
        return new MonitoringReport(Times.format(now.time()), configuration.rateWindow().toSeconds(),
                configuration.durationWindow().toSeconds(), stages, deadLetterTopics);
    }

    /** The stage a consumer serves, as the API names it: {@code ARTIFACT_SERVICE} is {@code artifact}. */
    static String stageName(PipelineConsumer consumer) {
        return consumer.name().toLowerCase(Locale.ROOT).replace("_service", "");
    }

    /** How long the record at the group's position in the partition has waited; null when nothing waits. */
    private Double age(BusSample sample, PipelineConsumer consumer, TopicPartition partition) {
        if (partition == null) {
            return null;
        }
        return oldestRecords.timestamp(partition, sample.position(consumer, partition))
                .map(time -> Times.seconds(Math.max(0, Duration.between(time, sample.time()).toMillis())))
                .orElse(null);
    }

    private static long depth(BusSample sample, String topic) {
        return sample.partitions(topic).stream().mapToLong(sample::records).sum();
    }

    private static double perMinute(long count, double minutes) {
        return minutes <= 0 ? 0 : count / minutes;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Nearest rank: the smallest duration that at least {@code quantile} of them do not exceed. */
    static Double percentile(List<Duration> durations, double quantile) {
        if (durations.isEmpty()) {
            return null;
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        int rank = (int) Math.ceil(quantile * sorted.size());
        return Times.seconds(sorted.get(Math.max(0, rank - 1)));
    }

    /** A sample that failed (the broker away, say), with what the admin client said. */
    public record Failure(Instant time, String message) {
    }
}
