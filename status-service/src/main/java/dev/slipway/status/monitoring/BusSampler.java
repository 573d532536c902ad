package dev.slipway.status.monitoring;

import dev.slipway.events.EventType;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Samples the bus with the Kafka admin client every {@code slipway.status.monitoring.interval}:
 * each pipeline topic's first and next offsets, and the committed offsets of every
 * {@link PipelineConsumer} group, by the names the services themselves read from configuration
 * ({@code slipway.artifact.consumer-group}, ...). A broker that is away makes a sample fail; the
 * monitoring then says when it last succeeded.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class BusSampler {
    private static final Logger LOG = LoggerFactory.getLogger(BusSampler.class);

    private final Admin admin;
    private final Environment environment;
    private final Monitoring monitoring;
    private final long timeoutMillis;

    public BusSampler(@Value("${kafka.bootstrap.servers}") String bootstrapServers, Environment environment, Monitoring monitoring,
                      MonitoringConfiguration configuration) {
        this.environment = environment;
        this.monitoring = monitoring;
        this.timeoutMillis = Math.max(1000, configuration.interval().toMillis());
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis));
    }

    @Scheduled(fixedDelay = "${slipway.status.monitoring.interval}")
    void sample() {
        try {
            monitoring.record(take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.debug("Could not sample the bus: {}", cause.toString());
            monitoring.failed(Instant.now(), cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
    }

    private BusSample take() throws InterruptedException, ExecutionException, TimeoutException {
        Instant time = Instant.now();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<String, TopicDescription> topics = admin.describeTopics(EventType.allTopics()).allTopicNames()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
        for (TopicDescription description : topics.values()) {
            description.partitions().forEach(p -> {
                TopicPartition partition = new TopicPartition(description.name(), p.partition());
                latest.put(partition, OffsetSpec.latest());
                earliest.put(partition, OffsetSpec.earliest());
            });
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get(timeoutMillis, TimeUnit.MILLISECONDS).forEach((p, info) -> end.put(p, info.offset()));
        Map<TopicPartition, Long> begin = new HashMap<>();
        admin.listOffsets(earliest).all().get(timeoutMillis, TimeUnit.MILLISECONDS).forEach((p, info) -> begin.put(p, info.offset()));

        Map<PipelineConsumer, String> groups = new EnumMap<>(PipelineConsumer.class);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        for (PipelineConsumer consumer : PipelineConsumer.values()) {
            String group = environment.getRequiredProperty(consumer.property(), String.class);
            groups.put(consumer, group);
            specs.put(group, new ListConsumerGroupOffsetsSpec());
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = admin.listConsumerGroupOffsets(specs).all()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
        Map<PipelineConsumer, Map<TopicPartition, Long>> committed = new EnumMap<>(PipelineConsumer.class);
        groups.forEach((consumer, group) -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            commits.getOrDefault(group, Map.of()).forEach((p, offset) -> {
                if (offset != null) {
                    offsets.put(p, offset.offset());
                }
            });
            committed.put(consumer, offsets);
        });
        return new BusSample(time, begin, end, groups, committed);
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
