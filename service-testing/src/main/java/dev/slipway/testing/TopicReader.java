package dev.slipway.testing;

import dev.slipway.events.kafka.TopicSetup;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads what lands on a topic from the moment it is opened, without a consumer group, so tests
 * see exactly the records that their own actions wrote. Tests share one broker, so they filter by
 * record key (a plan name that is unique to the test).
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    private static volatile boolean topicsChecked;

    private TopicReader(String topic) {
        ensurePipelineTopics();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        while (partitions.isEmpty()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            if (partitions.isEmpty() && Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + LocalStack.kafkaBootstrapServers());
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before the test acts
    }

    /** The services create the topics when they start; a test may run before any service has. */
    public static synchronized void ensurePipelineTopics() {
        if (topicsChecked) {
            return;
        }
        try {
            TopicSetup.ensureTopics(LocalStack.kafkaBootstrapServers(), 3, (short) 1, Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach the broker at " + LocalStack.kafkaBootstrapServers()
                    + " (is the tests' broker up? bin/test starts it, or KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9094 bin/stack up): " + e, e);
        }
        topicsChecked = true;
    }

    /** Opens a reader positioned at the current end of the topic. */
    public static TopicReader fromNow(String topic) {
        return new TopicReader(topic);
    }

    /** Waits until {@code count} records with this key have arrived; fails after {@code timeout}. */
    public List<ConsumerRecord<String, byte[]>> await(String key, int count, Duration timeout) {
        return await(r -> key.equals(r.key()), count, timeout);
    }

    public List<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<ConsumerRecord<String, byte[]>> matching = seen.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching record(s) within " + timeout + ", saw " + matching.size());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /** Everything with this key that arrives within {@code window}: for asserting that nothing (more) came. */
    public List<ConsumerRecord<String, byte[]>> drain(String key, Duration window) {
        Instant deadline = Instant.now().plus(window);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
