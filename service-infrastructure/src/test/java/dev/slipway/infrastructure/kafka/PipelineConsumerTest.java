package dev.slipway.infrastructure.kafka;

import dev.slipway.events.EventType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineConsumerTest {

    @Test
    void statusServiceReadsEveryTopicAndEveryDeadLetterTwinAndKeepsItsOwnPosition() {
        PipelineConsumer status = PipelineConsumer.STATUS_SERVICE;
        assertEquals(Set.copyOf(EventType.allTopics()), Set.copyOf(status.topics()));
        for (EventType type : EventType.values()) {
            assertTrue(status.topics().contains(type.deadLetterTopic()), type.deadLetterTopic());
        }
        assertEquals("slipway.status.consumer-group", status.property());
        assertEquals("status-service", status.defaultGroup());
        assertTrue(status.keepsItsOwnPosition());
    }

    @Test
    void theStagesStartWhereTheirGroupCommittedAndReadNoDeadLetters() {
        Arrays.stream(PipelineConsumer.values()).filter(c -> c != PipelineConsumer.STATUS_SERVICE).forEach(stage -> {
            assertFalse(stage.keepsItsOwnPosition(), stage.name());
            assertTrue(stage.topics().stream().noneMatch(topic -> topic.endsWith(".dlt")), stage.name());
        });
    }
}
