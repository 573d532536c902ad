package dev.slipway.image.listener;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.IncomingEvents;
import dev.slipway.image.imaging.BuildService;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The door from Kafka: reads each {@code ArtifactStored} (or dead-letters it) and hands it to the
 * {@link BuildService}, which records and queues it and returns at once, so a long build never
 * holds up the consumer. The offset is committed only after that, so a request cannot be lost.
 * Records of plans this instance does not build (by key) are left to the instance that does.
 */
@KafkaListener(groupId = "${slipway.image.consumer-group}", offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 8))
public class ArtifactStoredListener {
    private final IncomingEvents incoming;
    private final BuildService builds;

    public ArtifactStoredListener(IncomingEvents incoming, BuildService builds) {
        this.incoming = incoming;
        this.builds = builds;
    }

    @Topic(Topics.ARTIFACT_STORED)
    void receive(ConsumerRecord<String, byte[]> record) {
        if (builds.handles(record.key())) {
            incoming.read(record, ArtifactStored.class).ifPresent(builds::accept);
        }
    }
}
