package dev.slipway.testing;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.EventType;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.EventPublisher;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The contract's producer and a Micronaut {@code @KafkaListener}, through the real broker that
 * {@code bin/stack up} runs.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsThroughTheBrokerTest implements TestPropertyProvider {

    @Inject
    EventPublisher publisher;
    @Inject
    RecordingListener listener;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers(),
                "micronaut.application.name", "contract-test",
                "recording-listener.group", "contract-test-" + UUID.randomUUID(),
                "spec.name", "EventsThroughTheBrokerTest");
    }

    @Test
    void anEventPublishedWithTheContractReachesAListenerWithItsCloudEventsHeaders() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("contract");
        CommitReceived commit = SampleEvents.commitReceived(plan);

        publisher.publishAndWait(commit, Duration.ofSeconds(20));

        ConsumerRecord<String, byte[]> record = listener.next(plan);
        assertEquals(plan.value(), record.key(), "the record key is the plan, so a plan's events stay in order");
        assertEquals("1.0", header(record, CloudEventHeaders.SPEC_VERSION));
        assertEquals(commit.eventId().toString(), header(record, CloudEventHeaders.ID));
        assertEquals("/slipway/contract-test", header(record, CloudEventHeaders.SOURCE));
        assertEquals(EventType.COMMIT_RECEIVED.cloudEventType(), header(record, CloudEventHeaders.TYPE));
        assertEquals(DateTimeFormatter.ISO_INSTANT.format(commit.time()), header(record, CloudEventHeaders.TIME));
        assertEquals(plan.value(), header(record, CloudEventHeaders.SUBJECT));
        assertEquals("application/json", header(record, CloudEventHeaders.CONTENT_TYPE));
        assertEquals(commit, EventCodec.fromRecord(record, CommitReceived.class));
    }

    @Test
    void anEventThatAnswersAnotherCarriesItsCauseAndBuildAsSubject() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("contract");
        CommitReceived commit = SampleEvents.commitReceived(plan);
        ArtifactStored artifact = SampleEvents.artifactStored(commit, 3);

        try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
            publisher.publishAndWait(artifact, Duration.ofSeconds(20));
            ConsumerRecord<String, byte[]> record = reader.await(plan.value(), 1, Duration.ofSeconds(20)).get(0);
            assertEquals(commit.eventId().toString(), header(record, CloudEventHeaders.CAUSATION_ID));
            assertEquals(plan.value() + "/3", header(record, CloudEventHeaders.SUBJECT));
            assertEquals(artifact, EventCodec.fromRecord(record));
        }
    }

    @Test
    void aRecordThatCannotBeProcessedIsParkedOnTheDeadLetterTopicWithTheReason() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("contract");
        CommitReceived commit = SampleEvents.commitReceived(plan);
        publisher.publishAndWait(commit, Duration.ofSeconds(20));
        ConsumerRecord<String, byte[]> original = listener.next(plan);

        try (TopicReader reader = TopicReader.fromNow(Topics.deadLetter(Topics.COMMIT_RECEIVED))) {
            publisher.deadLetter(original, "repository host is not on the allow-list").get(20, TimeUnit.SECONDS);
            ConsumerRecord<String, byte[]> parked = reader.await(plan.value(), 1, Duration.ofSeconds(20)).get(0);
            assertEquals("repository host is not on the allow-list", header(parked, EventPublisher.DLT_REASON));
            assertEquals(Topics.COMMIT_RECEIVED, header(parked, EventPublisher.DLT_ORIGINAL_TOPIC));
            assertEquals(Long.toString(original.offset()), header(parked, EventPublisher.DLT_ORIGINAL_OFFSET));
            assertEquals(commit, EventCodec.fromRecord(parked, CommitReceived.class), "the record itself is kept unchanged");
        }
    }

    @Test
    void publishingToABrokerThatIsNotThereFailsInsteadOfPretending() {
        try (EventPublisher nowhere = EventPublisher.connect("127.0.0.1:1", "/slipway/test", Duration.ofSeconds(2))) {
            Instant start = Instant.now();
            org.junit.jupiter.api.Assertions.assertThrows(EventNotPublishedException.class,
                    () -> nowhere.publishAndWait(SampleEvents.commitReceived(PlanName.of("nowhere")), Duration.ofSeconds(5)));
            assertEquals(true, Duration.between(start, Instant.now()).toSeconds() < 15, "it gives up within its timeout");
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElse(null);
    }

    @Requires(property = "spec.name", value = "EventsThroughTheBrokerTest")
    @KafkaListener(groupId = "${recording-listener.group}", offsetReset = OffsetReset.EARLIEST)
    static class RecordingListener {
        private final BlockingQueue<ConsumerRecord<String, byte[]>> received = new LinkedBlockingQueue<>();

        @Topic(Topics.COMMIT_RECEIVED)
        void receive(ConsumerRecord<String, byte[]> record) {
            received.add(record);
        }

        ConsumerRecord<String, byte[]> next(PlanName plan) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                ConsumerRecord<String, byte[]> record = received.poll(500, TimeUnit.MILLISECONDS);
                if (record != null && plan.value().equals(record.key())) {
                    return record;
                }
            }
            throw new AssertionError("no record for plan " + plan + " reached the listener within 30 s");
        }
    }
}
