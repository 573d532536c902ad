package dev.slipway.events.kafka;

import dev.slipway.events.PipelineEvent;
import dev.slipway.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes pipeline events, with their CloudEvents headers, and dead letters. The producer is
 * idempotent with {@code acks=all}: a future completes only when every in-sync replica has the
 * record, which is what lets the webhook service answer 202 only for an event that is durable.
 *
 * <p>The contract owns this class (rather than each service declaring a {@code @KafkaClient}) so
 * that the headers, the key and the durability settings cannot differ between services.
 */
public final class EventPublisher implements AutoCloseable {
    public static final String DLT_REASON = "slipway_dlt_reason";
    public static final String DLT_ORIGINAL_TOPIC = "slipway_dlt_original_topic";
    public static final String DLT_ORIGINAL_PARTITION = "slipway_dlt_original_partition";
    public static final String DLT_ORIGINAL_OFFSET = "slipway_dlt_original_offset";

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;

    public EventPublisher(Producer<String, byte[]> producer, EventCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    /**
     * @param timeout bounds how long a send may wait for the broker, both for metadata (when the
     *                broker is unreachable) and for the acknowledgement
     */
    public static EventPublisher connect(String bootstrapServers, String source, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, source.replaceAll("[^A-Za-z0-9._-]", "-") + "-events");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        int millis = (int) Math.max(1000, timeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        int requestMillis = Math.min(millis, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMillis);
        // Kafka insists on delivery.timeout.ms >= request.timeout.ms + linger.ms.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(millis, requestMillis + 1));
        return new EventPublisher(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                new EventCodec(source));
    }

    /** Sends an event; the future completes when the broker has acknowledged it. */
    public CompletableFuture<RecordMetadata> publish(PipelineEvent event) {
        return send(codec.toRecord(event));
    }

    /**
     * Sends an event and waits for the acknowledgement.
     *
     * @throws EventNotPublishedException when the broker did not acknowledge it within {@code timeout}
     */
    public RecordMetadata publishAndWait(PipelineEvent event, Duration timeout) {
        try {
            return publish(event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotPublishedException("interrupted while publishing " + event.type().topic(), e);
        } catch (ExecutionException e) {
            throw new EventNotPublishedException("the broker refused " + event.type().topic() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventNotPublishedException("the broker did not acknowledge " + event.type().topic() + " within " + timeout, e);
        } catch (RuntimeException e) {
            throw new EventNotPublishedException("could not publish " + event.type().topic() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parks a record that could not be processed on its topic's dead-letter twin, unchanged, with
     * headers that say where it came from and why, so that nothing is dropped silently.
     */
    public CompletableFuture<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> parked = new ProducerRecord<>(Topics.deadLetter(record.topic()), null,
                record.key(), record.value());
        for (Header header : record.headers()) {
            parked.headers().add(header);
        }
        CloudEventHeaders.write(parked.headers(), DLT_REASON, reason);
        CloudEventHeaders.write(parked.headers(), DLT_ORIGINAL_TOPIC, record.topic());
        CloudEventHeaders.write(parked.headers(), DLT_ORIGINAL_PARTITION, Integer.toString(record.partition()));
        CloudEventHeaders.write(parked.headers(), DLT_ORIGINAL_OFFSET, Long.toString(record.offset()));
        return send(parked);
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be had within max.block.ms.
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
