package dev.slipway.status.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.EventType;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.status.consumed.ConsumedRecords;
import dev.slipway.status.listener.PipelineRecordsConsumer;
import dev.slipway.testing.Caller;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import dev.slipway.events.kafka.EventPublisher;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * status-service started for a test ({@link RunningService}) with what its tests need: the
 * records consumer on (the surefire configuration turns Kafka off for contexts that do not ask), a
 * database directory and a consumer group of its own (a restart keeps both), and a short
 * monitoring interval. {@link #start} returns once the consumer has its partitions and has read
 * what the broker held, so what a test publishes next is the newest thing it sees.
 */
public final class RunningStatusService implements AutoCloseable {
    private final RunningService service;
    private final Map<String, Object> properties;
    private final Path databaseDir;
    private final String group;

    private RunningStatusService(RunningService service, Map<String, Object> properties, Path databaseDir, String group) {
        this.service = service;
        this.properties = properties;
        this.databaseDir = databaseDir;
        this.group = group;
    }

    public static RunningStatusService start() {
        return start(Map.of());
    }

    public static RunningStatusService start(Map<String, Object> properties) {
        try {
            return start(properties, Files.createTempDirectory("status-db"), "status-test-" + UUID.randomUUID());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RunningStatusService start(Map<String, Object> properties, Path databaseDir, String group) {
        TopicReader.ensurePipelineTopics();
        Map<TopicPartition, Long> ends = nonEmptyPartitionEnds();
        RunningService service = RunningService.of("status-service")
                .property("kafka.enabled", true)
                .property("slipway.status.database-dir", databaseDir)
                .property("slipway.status.consumer-group", group)
                .property("slipway.status.monitoring.interval", "1s")
                .property("slipway.status.consumer.retry-delay", "200ms")
                .properties(properties)
                .start();
        RunningStatusService started = new RunningStatusService(service, properties, databaseDir, group);
        try {
            started.awaitCaughtUp(ends, Duration.ofSeconds(90));
        } catch (RuntimeException | AssertionError e) {
            service.close();
            throw e;
        }
        return started;
    }

    /** Starts it again, after {@link #close}, on the same database directory and consumer group: a restart. */
    public RunningStatusService startAgain() {
        return start(properties, databaseDir, group);
    }

    public Path databaseDir() {
        return databaseDir;
    }

    public String group() {
        return group;
    }

    public <E extends PipelineEvent> E publish(E event) {
        return service.publish(event);
    }

    /** Publishes the event and returns once status-service has read it (whatever it made of it). */
    public <E extends PipelineEvent> E publishAndAwaitRead(E event) {
        awaitRead(service.bean(EventPublisher.class).publishAndWait(event, Duration.ofSeconds(20)));
        return event;
    }

    /** Publishes a record as it is (it need not be an event) and returns once status-service has read it. */
    public RecordMetadata publishRawAndAwaitRead(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata written = producer.send(record).get(20, TimeUnit.SECONDS);
            awaitRead(written);
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /** Waits until status-service has read (and stored its position past) the record. */
    public void awaitRead(RecordMetadata written) {
        TopicPartition partition = new TopicPartition(written.topic(), written.partition());
        ConsumedRecords consumed = service.bean(ConsumedRecords.class);
        await("status-service read " + partition + "@" + written.offset()).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> consumed.lastOffsets().getOrDefault(partition, -1L) >= written.offset());
    }

    public HttpAnswer get(String path) {
        return service.as(Role.VIEWER).get(path);
    }

    public Caller as(Role role) {
        return service.as(role);
    }

    public Caller anonymously() {
        return service.anonymously();
    }

    public RunningService service() {
        return service;
    }

    /** Polls {@code GET path} as a viewer until its JSON matches, and returns it. */
    public JsonNode awaitAnswer(String path, Predicate<JsonNode> matching) {
        return awaitAnswer(path, matching, Duration.ofSeconds(30));
    }

    public JsonNode awaitAnswer(String path, Predicate<JsonNode> matching, Duration timeout) {
        AtomicReference<HttpAnswer> last = new AtomicReference<>();
        try {
            return await(path).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                HttpAnswer answer = get(path);
                last.set(answer);
                return answer.status() == 200 ? answer.json() : null;
            }, json -> json != null && matching.test(json));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("GET " + path + " did not answer as expected within " + timeout + "; last answer: " + last.get(), e);
        }
    }

    /** The build as {@code GET /plans/{plan}/builds/{ref}} answers it once it matches. */
    public JsonNode awaitBuild(PlanName plan, String ref, Predicate<JsonNode> matching) {
        return awaitAnswer("/plans/" + plan + "/builds/" + ref, matching);
    }

    // RunningService.consuming() waits for @KafkaListener consumers (micronaut-kafka's registry); status-service's
    // consumer is its own, so its tests wait for its assignment and for what it has read here.
    private void awaitCaughtUp(Map<TopicPartition, Long> ends, Duration timeout) {
        PipelineRecordsConsumer consumer = service.bean(PipelineRecordsConsumer.class);
        int partitions = partitionCount();
        await("status-service's records consumer assigned its partitions").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> consumer.assignment().size() >= partitions);
        ConsumedRecords consumed = service.bean(ConsumedRecords.class);
        await("status-service read what the broker held").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, Long> read = consumed.lastOffsets();
            return ends.entrySet().stream().allMatch(end -> read.getOrDefault(end.getKey(), -1L) >= end.getValue() - 1);
        });
    }

    /** The next offset of every partition of the pipeline's topics that holds records. */
    private static Map<TopicPartition, Long> nonEmptyPartitionEnds() {
        try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach((partition, end) -> {
                if (end > begins.getOrDefault(partition, 0L)) {
                    ends.put(partition, end);
                }
            });
            return ends;
        }
    }

    private static int partitionCount() {
        try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer()) {
            return partitions(consumer).size();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : EventType.allTopics()) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> plainConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        service.close();
    }
}
