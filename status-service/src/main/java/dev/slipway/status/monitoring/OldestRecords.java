package dev.slipway.status.monitoring;

import dev.slipway.status.consumed.ConsumedRecords;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's timestamp of the record at a group's committed offset: the oldest record the
 * group has not processed. status-service has read (and stored the timestamp of) nearly every
 * record; one it has not read yet is fetched from the broker with a consumer of its own (assign,
 * seek, one short poll). Answers are remembered while the same offset keeps being asked for,
 * which is what a stalled group does.
 */
@Singleton
public class OldestRecords {
    private final ConsumedRecords consumed;
    private final String bootstrapServers;
    private final Duration lookupTimeout;
    private final Map<TopicPartition, Map.Entry<Long, Instant>> remembered = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> lookups;

    public OldestRecords(ConsumedRecords consumed, @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                         MonitoringConfiguration configuration) {
        this.consumed = consumed;
        this.bootstrapServers = bootstrapServers;
        this.lookupTimeout = configuration.lookupTimeout();
    }

    /** Called from the sampling thread only. */
    Optional<Instant> timestamp(TopicPartition partition, long offset) {
        Map.Entry<Long, Instant> known = remembered.get(partition);
        if (known != null && known.getKey() == offset) {
            return Optional.of(known.getValue());
        }
        Optional<Instant> time = consumed.recordTime(partition, offset).or(() -> fromTheBroker(partition, offset));
        time.ifPresent(t -> remembered.put(partition, Map.entry(offset, t)));
        return time;
    }

    private Optional<Instant> fromTheBroker(TopicPartition partition, long offset) {
        if (lookups == null) {
            lookups = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                    ConsumerConfig.CLIENT_ID_CONFIG, "status-service-oldest-record"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        lookups.assign(List.of(partition));
        lookups.seek(partition, offset);
        Instant deadline = Instant.now().plus(lookupTimeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> record : lookups.poll(Duration.ofMillis(200)).records(partition)) {
                if (record.offset() >= offset) {
                    return Optional.of(Instant.ofEpochMilli(record.timestamp()));
                }
            }
        }
        return Optional.empty();
    }

    @PreDestroy
    synchronized void close() {
        if (lookups != null) {
            lookups.close(Duration.ofSeconds(2));
        }
    }
}
