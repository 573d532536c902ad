package dev.slipway.artifact.listener;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The listener reads what the one registry of consumer groups says it reads, in the group that
 * registry names, so that {@code bin/slipway} positions exactly the group and topics the service uses.
 */
class CommitReceivedListenerTest {
    private static final PipelineConsumer CONSUMER = PipelineConsumer.ARTIFACT_SERVICE;

    @Test
    void itsGroupIsTheRegistrysProperty() {
        KafkaListener listener = CommitReceivedListener.class.getAnnotation(KafkaListener.class);
        assertNotNull(listener, "CommitReceivedListener is a @KafkaListener");
        assertEquals("${" + CONSUMER.property() + "}", listener.groupId());
    }

    @Test
    void itReadsExactlyTheRegistrysTopics() {
        Stream<Topic> onMethods = Arrays.stream(CommitReceivedListener.class.getDeclaredMethods())
                .map(method -> method.getAnnotation(Topic.class));
        Set<String> topics = Stream.concat(Stream.of(CommitReceivedListener.class.getAnnotation(Topic.class)), onMethods)
                .filter(Objects::nonNull)
                .flatMap(topic -> Arrays.stream(topic.value()))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(CONSUMER.topics()), topics);
    }
}
