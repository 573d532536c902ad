package dev.slipway.image.listener;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.IncomingEvents;
import dev.slipway.image.imaging.BuildService;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The door from Kafka: reads each {@code ArtifactStored} (or dead-letters it) and hands it to the
 * {@link BuildService}, which records and queues it and returns at once, so a long build never
 * holds up the consumer. The offset is committed only after that, so a request cannot be lost.
 * Records of plans this instance does not build (by key) are left to the instance that does.
 *
 * <p>A record that cannot even be recorded (the build storage is unusable) is tried again
 * {@code slipway.events.listener-retry.attempts} times, then parked on the dead-letter topic with
 * the reason and answered with a {@code StageFailed}: it holds its partition for seconds, not for
 * a quarter of an hour, and it is never skipped without a trace.
 */
@KafkaListener(groupId = "${slipway.image.consumer-group}", offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCountValue = ListenerRetry.ATTEMPTS, retryDelay = ListenerRetry.DELAY))
public class ArtifactStoredListener implements KafkaListenerExceptionHandler {
    private final IncomingEvents incoming;
    private final BuildService builds;
    private final PoisonRecords poisonRecords;

    public ArtifactStoredListener(IncomingEvents incoming, BuildService builds, PoisonRecords poisonRecords) {
        this.incoming = incoming;
        this.builds = builds;
        this.poisonRecords = poisonRecords;
    }

    @Topic(Topics.ARTIFACT_STORED)
    void receive(ConsumerRecord<String, byte[]> record) {
        if (builds.handles(record.key())) {
            incoming.read(record, ArtifactStored.class).ifPresent(builds::accept);
        }
    }

    /** Called once the retries are spent. */
    @Override
    public void handle(KafkaListenerException exception) {
        poisonRecords.park(exception, Stage.IMAGE);
    }
}
