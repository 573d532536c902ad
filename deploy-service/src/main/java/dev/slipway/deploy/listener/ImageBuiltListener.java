package dev.slipway.deploy.listener;

import dev.slipway.deploy.policy.DeployPolicy;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.IncomingEvents;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The door from {@code slipway.image-built} to the deploy policy. */
@KafkaListener(groupId = "${slipway.deploy.consumer-group}", offsetReset = OffsetReset.EARLIEST,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 10, retryDelay = "1s"))
public class ImageBuiltListener {
    private final IncomingEvents incoming;
    private final DeployPolicy policy;

    public ImageBuiltListener(IncomingEvents incoming, DeployPolicy policy) {
        this.incoming = incoming;
        this.policy = policy;
    }

    @Topic(Topics.IMAGE_BUILT)
    void receive(ConsumerRecord<String, byte[]> record) {
        incoming.read(record, ImageBuilt.class).ifPresent(policy::onImageBuilt);
    }
}
