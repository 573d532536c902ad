package dev.slipway.status.listener;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.status.consumed.ConsumedRecords;
import dev.slipway.status.projection.Projection;
import dev.slipway.status.projection.RecordNotStoredException;
import dev.slipway.status.stream.BuildChanges;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka door of status-service: one thread reading every pipeline topic and every dead-letter
 * twin ({@link PipelineConsumer#STATUS_SERVICE}) as raw records, each handed to the
 * {@link Projection}. A plain consumer rather than a {@code @KafkaListener}, because the service
 * keeps its position itself: the offset of each record is stored in the database with the change
 * it made, and on assignment each partition is read from there (from the beginning when the
 * database has none: a new database rebuilds the read model from the topics). Offsets are also
 * committed to Kafka, only so that the group's lag shows like any other stage's.
 *
 * <p>A broker that is away does not stop the loop: the consumer keeps trying, and {@code /health}
 * says the broker is down. A record whose change cannot be stored (the database failed) is read
 * again after {@link ConsumerConfiguration#retryDelay()}.
 */
@Context
@Requires(property = "kafka.enabled", notEquals = "false")
public class PipelineRecordsConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRecordsConsumer.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Projection projection;
    private final ConsumedRecords consumed;
    private final BuildChanges changes;
    private final ConsumerConfiguration configuration;
    private final Thread thread;
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    /** Assigned partitions not yet positioned from the database (touched by the consumer thread only). */
    private final Set<TopicPartition> unpositioned = new LinkedHashSet<>();
    private volatile boolean running = true;

    public PipelineRecordsConsumer(@Value("${kafka.bootstrap.servers}") String bootstrapServers,
                                   @Value("${slipway.status.consumer-group}") String group,
                                   @Value("${micronaut.application.name}") String applicationName,
                                   Projection projection, ConsumedRecords consumed, BuildChanges changes,
                                   ConsumerConfiguration configuration) {
        this.projection = projection;
        this.consumed = consumed;
        this.changes = changes;
        this.configuration = configuration;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationName + "-records");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only used where the database has no position and the seek below has not happened yet.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this, "status-records");
        thread.setDaemon(true);
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    /** The partitions this instance reads now (empty before the group assigned them, or while the broker is away). */
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assigned);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(PipelineConsumer.STATUS_SERVICE.topics(), new Positions());
            while (running) {
                try {
                    if (!unpositioned.isEmpty() && !position()) {
                        pause();
                        continue;
                    }
                    readOnce();
                } catch (WakeupException stopping) {
                    throw stopping;
                } catch (RuntimeException e) {
                    // Whatever failed (the database, a bug), nothing is skipped: every partition is
                    // read again from the position the database keeps, after a pause.
                    LOG.error("Could not apply what was read; reading again from the stored positions in {}", configuration.retryDelay(), e);
                    unpositioned.addAll(consumer.assignment());
                    consumer.pause(unpositioned);
                    pause();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("Closing the records consumer: {}", e.toString());
            }
        }
    }

    /** One poll: its records applied in one transaction, their offsets committed to Kafka. */
    private void readOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(configuration.pollTimeout());
        if (records.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        Set<Long> changed;
        try {
            changed = projection.apply(batch);
        } catch (RecordNotStoredException e) {
            changed(e.changedBefore());
            throw e;
        }
        changed(changed);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        batch.forEach(record -> done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)));
        consumer.commitAsync(done, (offsets, failure) -> {
            if (failure != null) {
                LOG.debug("Could not commit offsets to Kafka ({}); the database keeps the position", failure.toString());
            }
        });
    }

    /**
     * Seeks each partition whose position is not set yet to the database's position (the next
     * record after the last one applied, or the beginning); they are paused until that worked.
     *
     * @return whether every assigned partition has its position
     */
    private boolean position() {
        Map<TopicPartition, Long> stored;
        try {
            stored = consumed.lastOffsets();
        } catch (RuntimeException e) {
            LOG.error("Cannot read the stored positions; reading waits: {}", e.toString());
            consumer.pause(unpositioned);
            return false;
        }
        Set<TopicPartition> fromTheBeginning = new LinkedHashSet<>();
        for (TopicPartition partition : unpositioned) {
            Long last = stored.get(partition);
            if (last == null) {
                fromTheBeginning.add(partition);
            } else {
                consumer.seek(partition, last + 1);
            }
        }
        if (!fromTheBeginning.isEmpty()) {
            consumer.seekToBeginning(fromTheBeginning);
        }
        LOG.info("Reading {} partitions ({} from the beginning, the rest from the database's positions)", unpositioned.size(),
                fromTheBeginning.size());
        consumer.resume(unpositioned);
        unpositioned.clear();
        return true;
    }

    private void changed(Set<Long> builds) {
        try {
            changes.changed(builds);
        } catch (RuntimeException e) {
            LOG.warn("Could not send changes to the live streams: {}", e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(configuration.retryDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each partition the group assigns is read from the position the database keeps. */
    private final class Positions implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            unpositioned.addAll(partitions);
            position();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            unpositioned.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            unpositioned.removeAll(partitions);
        }
    }
}
