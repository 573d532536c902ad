package dev.slipway.artifact.listener;

import dev.slipway.artifact.packaging.ArtifactBuilder;
import dev.slipway.artifact.packaging.ArtifactServiceFault;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.IncomingEvents;
import dev.slipway.infrastructure.kafka.ListenerRetry;
import dev.slipway.infrastructure.kafka.PoisonRecords;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.context.annotation.Property;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.concurrent.CancellationException;

/**
 * The door from Kafka: reads each {@code CommitReceived} (a record that is not one goes to the
 * dead-letter topic) and hands it to the {@link ArtifactBuilder}.
 *
 * <p>One record per poll and a commit after each record: a build takes seconds and may wait out
 * a Git host's backoff, and a record is marked done only once its outcome is announced. When the
 * outcome cannot be announced (the broker is away) or this service fails on it (a store it cannot
 * write), the same record is tried again for the configured, bounded time
 * ({@code slipway.events.listener-retry.*}); then it is parked on the dead-letter topic with its
 * reason and a {@code StageFailed}, and the partition moves on. A service that stops during a
 * build leaves the record uncommitted (a cancellation counts as "try again"), so it is built after
 * the next start. Any other exception is parked at once.
 */
@KafkaListener(
        groupId = "${slipway.artifact.consumer-group}",
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCountValue = ListenerRetry.ATTEMPTS, retryDelay = ListenerRetry.DELAY,
                exceptionTypes = {EventNotPublishedException.class, ArtifactServiceFault.class, CancellationException.class}),
        properties = {
                @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "1"),
                @Property(name = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, value = "900000")
        })
public class CommitReceivedListener implements KafkaListenerExceptionHandler {
    private final IncomingEvents incoming;
    private final ArtifactBuilder builder;
    private final PoisonRecords poisonRecords;

    public CommitReceivedListener(IncomingEvents incoming, ArtifactBuilder builder, PoisonRecords poisonRecords) {
        this.incoming = incoming;
        this.builder = builder;
        this.poisonRecords = poisonRecords;
    }

    @Topic(Topics.COMMIT_RECEIVED)
    void receive(ConsumerRecord<String, byte[]> record) {
        incoming.read(record, CommitReceived.class).ifPresent(builder::build);
    }

    /** Called by micronaut-kafka once it stops retrying a record (or at once, for an exception it does not retry). */
    @Override
    public void handle(KafkaListenerException exception) {
        poisonRecords.park(exception, Stage.ARTIFACT);
    }
}
