package dev.slipway.artifact.listener;

import dev.slipway.artifact.packaging.ArtifactBuilder;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.IncomingEvents;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The door from Kafka: reads each {@code CommitReceived} (a record that is not one goes to the
 * dead-letter topic) and hands it to the {@link ArtifactBuilder}.
 *
 * <p>One record per poll and a commit after each record: a build takes seconds and may wait out
 * a Git host's backoff, and a record is marked done only once its outcome is announced. When the
 * outcome cannot be announced (the broker is away), the same record is tried again.
 */
@KafkaListener(
        groupId = "${slipway.artifact.consumer-group}",
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 10,
                retryDelay = "1s", exceptionTypes = EventNotPublishedException.class),
        properties = {
                @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "1"),
                @Property(name = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, value = "900000")
        })
public class CommitReceivedListener {
    private final IncomingEvents incoming;
    private final ArtifactBuilder builder;

    public CommitReceivedListener(IncomingEvents incoming, ArtifactBuilder builder) {
        this.incoming = incoming;
        this.builder = builder;
    }

    @Topic(Topics.COMMIT_RECEIVED)
    void receive(ConsumerRecord<String, byte[]> record) {
        incoming.read(record, CommitReceived.class).ifPresent(builder::build);
    }
}
