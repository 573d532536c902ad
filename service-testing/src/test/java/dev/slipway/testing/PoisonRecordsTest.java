package dev.slipway.testing;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.kafka.ListenerRetry;
import dev.slipway.infrastructure.kafka.PoisonRecords;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record that a listener keeps failing on holds its partition only for the configured retries:
 * then it is parked on the dead-letter topic with its reason, a StageFailed says so, and the
 * records behind it are processed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordsTest {
    private ApplicationContext context;

    @BeforeAll
    void start() {
        String group = "poison-test-" + UUID.randomUUID();
        RunningService.startAtEnd(group, List.of(Topics.COMMIT_RECEIVED));
        context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers(),
                "micronaut.application.name", "poison-test",
                "poison.group", group,
                "slipway.events.listener-retry.attempts", 2,
                "slipway.events.listener-retry.delay", "200ms",
                "spec.name", "PoisonRecordsTest"));
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void aRecordThatKeepsFailingIsParkedWithItsReasonAndTheNextOneIsProcessed() {
        PlanName plan = SampleEvents.uniquePlan("poison");
        CommitReceived poison = SampleEvents.commitReceived(plan);
        CommitReceived next = SampleEvents.commitReceived(plan);
        FailingListener listener = context.getBean(FailingListener.class);
        listener.poisoned.add(poison.eventId().toString());

        try (TopicReader parked = TopicReader.fromNow(Topics.deadLetter(Topics.COMMIT_RECEIVED));
             TopicReader failures = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            Instant sent = Instant.now();
            EventPublisher publisher = context.getBean(EventPublisher.class);
            publisher.publishAndWait(poison, Duration.ofSeconds(20));
            publisher.publishAndWait(next, Duration.ofSeconds(20));

            ConsumerRecord<String, byte[]> dead = parked.await(plan.value(), 1, Duration.ofSeconds(60)).get(0);
            assertEquals(poison, EventCodec.fromRecord(dead, CommitReceived.class), "the record itself is parked, unchanged");
            String reason = CloudEventHeaders.read(dead.headers(), EventPublisher.DLT_REASON).orElse("");
            assertTrue(reason.startsWith("the artifact stage gave up on " + Topics.COMMIT_RECEIVED), reason);
            assertTrue(reason.endsWith("the store is on fire"), reason);

            StageFailed failed = EventCodec.fromRecord(failures.await(plan.value(), 1, Duration.ofSeconds(30)).get(0), StageFailed.class);
            assertEquals(poison.eventId(), failed.causationId());
            assertEquals(Stage.ARTIFACT, failed.stage());
            assertEquals(reason, failed.reason());

            await("the record behind it processed").atMost(Duration.ofSeconds(30)).until(() -> listener.processed.contains(next.eventId().toString()));
            assertTrue(Duration.between(sent, Instant.now()).toSeconds() < 30, "the partition was held only for the configured retries");
        }
    }

    @Requires(property = "spec.name", value = "PoisonRecordsTest")
    @KafkaListener(groupId = "${poison.group}", offsetReset = OffsetReset.EARLIEST,
            errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                    retryCountValue = ListenerRetry.ATTEMPTS, retryDelay = ListenerRetry.DELAY))
    static class FailingListener implements KafkaListenerExceptionHandler {
        final Set<String> poisoned = ConcurrentHashMap.newKeySet();
        final Set<String> processed = ConcurrentHashMap.newKeySet();
        private final PoisonRecords poisonRecords;

        FailingListener(PoisonRecords poisonRecords) {
            this.poisonRecords = poisonRecords;
        }

        @Topic(Topics.COMMIT_RECEIVED)
        void receive(ConsumerRecord<String, byte[]> record) {
            String id = CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID).orElse("");
            if (poisoned.contains(id)) {
                throw new IllegalStateException("the store is on fire");
            }
            processed.add(id);
        }

        @Override
        public void handle(KafkaListenerException exception) {
            poisonRecords.park(exception, Stage.ARTIFACT);
        }
    }
}
