package dev.slipway.deploy.listener;

import dev.slipway.deploy.rollout.Deployer;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.IncomingEvents;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The door from {@code slipway.deploy-requested} to the deployer. */
@KafkaListener(groupId = "${slipway.deploy.consumer-group}", offsetReset = OffsetReset.EARLIEST,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 10, retryDelay = "1s"))
public class DeployRequestedListener {
    private final IncomingEvents incoming;
    private final Deployer deployer;

    public DeployRequestedListener(IncomingEvents incoming, Deployer deployer) {
        this.incoming = incoming;
        this.deployer = deployer;
    }

    @Topic(Topics.DEPLOY_REQUESTED)
    void receive(ConsumerRecord<String, byte[]> record) {
        incoming.read(record, DeployRequested.class).ifPresent(deployer::accept);
    }
}
