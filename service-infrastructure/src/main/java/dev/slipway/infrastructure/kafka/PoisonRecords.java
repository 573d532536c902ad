package dev.slipway.infrastructure.kafka;

import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.kafka.InvalidEventException;
import dev.slipway.infrastructure.events.EventsConfiguration;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * What becomes of a record that a listener still fails on after its retries
 * ({@code slipway.events.listener-retry.*}): it is parked on its topic's dead-letter twin with the
 * reason, and a {@code StageFailed} says so, so nothing is dropped silently and the partition moves
 * on after a bounded time. Every listener hands its give-ups here by implementing
 * {@code KafkaListenerExceptionHandler}, which micronaut-kafka calls once it stops retrying.
 */
@Singleton
public class PoisonRecords {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonRecords.class);

    private final EventPublisher publisher;
    private final EventsConfiguration events;

    public PoisonRecords(EventPublisher publisher, EventsConfiguration events) {
        this.publisher = publisher;
        this.events = events;
    }

    /**
     * Parks the record the listener of {@code stage} gave up on, and reports it. micronaut-kafka also
     * hands over an offset that could not be committed (a rebalance after the record was processed):
     * that record was processed and is delivered again, so it is not parked.
     */
    @SuppressWarnings("unchecked")
    public void park(KafkaListenerException failure, Stage stage) {
        if (failure.getCause() instanceof CommitFailedException) {
            LOG.warn("The {} listener could not commit an offset ({}); the record is delivered and answered again",
                    stage.json(), failure.getCause().getMessage());
            return;
        }
        ConsumerRecord<String, byte[]> record = (ConsumerRecord<String, byte[]>) failure.getConsumerRecord().orElse(null);
        if (record == null) {
            LOG.error("The {} listener failed outside any record: {}", stage.json(), describe(failure));
            return;
        }
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        String reason = "the " + stage.json() + " stage gave up on " + where + " after its retries: " + describe(failure);
        LOG.error("Parking {} on {}: {}", where, record.topic() + ".dlt", reason);
        try {
            publisher.deadLetter(record, reason).get(events.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.error("Could not park {} on its dead-letter topic either ({}); it is skipped, and this line is its only trace", where, e.toString());
            return;
        }
        report(record, stage, reason);
    }

    private void report(ConsumerRecord<String, byte[]> record, Stage stage, String reason) {
        PipelineEvent event;
        try {
            event = EventCodec.fromRecord(record);
        } catch (InvalidEventException notAnEvent) {
            return; // no plan to report it under; the dead-letter record carries the reason
        }
        StageFailed failed = new StageFailed(EventId.derived(event.eventId() + "/parked/" + stage.json()), event.eventId(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), event.plan(), event.build(), event.commit(), stage, reason, true);
        try {
            publisher.publishAndWait(failed, events.publishTimeout());
        } catch (RuntimeException e) {
            LOG.error("Parked {} but could not report it: {}", record.topic() + "-" + record.partition() + "@" + record.offset(), e.toString());
        }
    }

    /**
     * What the listener threw, in its own words (micronaut-kafka wraps it): the outermost message
     * says what failed, where an innermost one may say no more than a file name.
     */
    private static String describe(KafkaListenerException failure) {
        Throwable thrown = failure.getCause() != null ? failure.getCause() : failure;
        String message = thrown.getMessage();
        return message == null || message.isBlank() ? thrown.getClass().getSimpleName() : message;
    }
}
