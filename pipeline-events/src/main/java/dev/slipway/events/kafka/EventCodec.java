package dev.slipway.events.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.events.EventType;
import dev.slipway.events.PipelineEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.time.format.DateTimeFormatter;

/**
 * Turns events into Kafka records and back. The body is JSON; unknown fields are tolerated, so a
 * producer may add fields before every consumer knows them, while a missing required field or an
 * invalid value is rejected with a message naming it.
 */
public final class EventCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final String source;

    /** @param source the CloudEvents source of what this codec writes, e.g. {@code /slipway/artifact-service} */
    public EventCodec(String source) {
        this.source = source;
    }

    /** The mapper the contract uses; services may use it for the same types in their own APIs. */
    public static ObjectMapper json() {
        return JSON;
    }

    public static byte[] toJson(PipelineEvent event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    public static <T extends PipelineEvent> T fromJson(byte[] body, Class<T> type) {
        String name = EventType.of(type).topic();
        if (body == null || body.length == 0) {
            throw new InvalidEventException(name + " record has no body");
        }
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new InvalidEventException(name + " body is invalid: " + describe(e), e);
        }
    }

    public ProducerRecord<String, byte[]> toRecord(PipelineEvent event) {
        EventType type = event.type();
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        CloudEventHeaders.write(headers, CloudEventHeaders.ID, event.eventId().toString());
        CloudEventHeaders.write(headers, CloudEventHeaders.SOURCE, source);
        CloudEventHeaders.write(headers, CloudEventHeaders.TYPE, type.cloudEventType());
        CloudEventHeaders.write(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(event.time()));
        CloudEventHeaders.write(headers, CloudEventHeaders.SUBJECT, event.subject());
        CloudEventHeaders.write(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        if (event.causationId() != null) {
            CloudEventHeaders.write(headers, CloudEventHeaders.CAUSATION_ID, event.causationId().toString());
        }
        return new ProducerRecord<>(type.topic(), null, event.plan().value(), toJson(event), headers);
    }

    /**
     * Reads an event of the expected type. The {@code ce_type} header is checked first, so a
     * record of another type (or none) is refused before its body is parsed.
     */
    public static <T extends PipelineEvent> T fromRecord(ConsumerRecord<String, byte[]> record, Class<T> expected) {
        EventType type = EventType.of(expected);
        String ceType = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE)
                .orElseThrow(() -> new InvalidEventException(type.topic() + " record has no " + CloudEventHeaders.TYPE + " header"));
        if (!ceType.equals(type.cloudEventType())) {
            throw new InvalidEventException(type.topic() + " record has " + CloudEventHeaders.TYPE + " '" + ceType
                    + "', expected '" + type.cloudEventType() + "'");
        }
        return fromJson(record.value(), expected);
    }

    /** Reads whichever event the record's {@code ce_type} header names. */
    public static PipelineEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        String ceType = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE)
                .orElseThrow(() -> new InvalidEventException("record on " + record.topic() + " has no " + CloudEventHeaders.TYPE + " header"));
        EventType type = EventType.ofCloudEventType(ceType)
                .orElseThrow(() -> new InvalidEventException("record on " + record.topic() + " has unknown " + CloudEventHeaders.TYPE + " '" + ceType + "'"));
        return fromJson(record.value(), type.recordClass());
    }

    /** Jackson's messages lead with class names; a person wants the field and the reason. */
    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null) {
            String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping ? fieldPath(mapping) : "";
            return path.isEmpty() || root.getMessage().contains("'" + path + "'") ? root.getMessage() : path + ": " + root.getMessage();
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            String path = fieldPath(mapping);
            String message = mapping.getOriginalMessage();
            int newline = message.indexOf('\n');
            message = newline >= 0 ? message.substring(0, newline) : message;
            return path.isEmpty() ? message : "field '" + path + "': " + message;
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing) {
            return "not valid JSON: " + processing.getOriginalMessage();
        }
        return e.getMessage();
    }

    private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
