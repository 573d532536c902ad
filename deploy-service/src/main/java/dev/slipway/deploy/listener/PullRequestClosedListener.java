package dev.slipway.deploy.listener;

import dev.slipway.deploy.preview.PullRequestPreviews;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.IncomingEvents;
import dev.slipway.infrastructure.kafka.ListenerRetry;
import dev.slipway.infrastructure.kafka.PoisonRecords;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The door from {@code slipway.pull-request-closed} to the previews. A closing it still fails on after
 * {@code slipway.events.listener-retry.*} is parked on the dead-letter topic, so that it neither holds
 * the partition nor vanishes.
 */
@KafkaListener(groupId = "${slipway.deploy.consumer-group}", offsetReset = OffsetReset.EARLIEST,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCountValue = ListenerRetry.ATTEMPTS, retryDelay = ListenerRetry.DELAY))
public class PullRequestClosedListener implements KafkaListenerExceptionHandler {
    private final IncomingEvents incoming;
    private final PullRequestPreviews previews;
    private final PoisonRecords poisonRecords;

    public PullRequestClosedListener(IncomingEvents incoming, PullRequestPreviews previews, PoisonRecords poisonRecords) {
        this.incoming = incoming;
        this.previews = previews;
        this.poisonRecords = poisonRecords;
    }

    @Topic(Topics.PULL_REQUEST_CLOSED)
    void receive(ConsumerRecord<String, byte[]> record) {
        incoming.read(record, PullRequestClosed.class).ifPresent(previews::closed);
    }

    @Override
    public void handle(KafkaListenerException exception) {
        poisonRecords.park(exception, Stage.DEPLOY);
    }
}
