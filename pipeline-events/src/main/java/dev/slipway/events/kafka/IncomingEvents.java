package dev.slipway.events.kafka;

import dev.slipway.events.PipelineEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The first step of every listener: read the record as the expected event, or park it on the
 * dead-letter topic with the reason. A poison record must neither stop the consumer nor vanish.
 */
public final class IncomingEvents {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingEvents.class);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

    private final EventPublisher publisher;

    public IncomingEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * @return the event, or empty when the record was invalid and has been dead-lettered
     * @throws EventNotPublishedException when the record was invalid and could not be dead-lettered
     *         either; the listener should then fail, so that the record is delivered again
     */
    public <T extends PipelineEvent> Optional<T> read(ConsumerRecord<String, byte[]> record, Class<T> type) {
        try {
            return Optional.of(EventCodec.fromRecord(record, type));
        } catch (InvalidEventException invalid) {
            LOG.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), invalid.getMessage());
            try {
                publisher.deadLetter(record, invalid.getMessage()).get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventNotPublishedException("interrupted while dead-lettering a record of " + record.topic(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new EventNotPublishedException("could not dead-letter a record of " + record.topic(), e);
            }
            return Optional.empty();
        }
    }
}
