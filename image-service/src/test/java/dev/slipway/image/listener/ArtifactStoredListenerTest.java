package dev.slipway.image.listener;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The listener reads what the one registry of consumer groups says the image service reads, in the
 * group its property names: {@code bin/slipway} positions that group on those topics, so the code
 * and the registry must not drift apart.
 */
class ArtifactStoredListenerTest {

    @Test
    void itReadsExactlyTheTopicsOfItsPipelineConsumerInTheGroupItsPropertyNames() {
        PipelineConsumer consumer = PipelineConsumer.IMAGE_SERVICE;
        KafkaListener listener = ArtifactStoredListener.class.getAnnotation(KafkaListener.class);
        assertEquals("${" + consumer.property() + "}", listener.groupId());

        List<String> topics = Arrays.stream(ArtifactStoredListener.class.getDeclaredMethods())
                .map(method -> method.getAnnotation(Topic.class))
                .filter(topic -> topic != null)
                .flatMap(topic -> Arrays.stream(topic.value()))
                .sorted()
                .toList();
        assertEquals(consumer.topics().stream().sorted().toList(), topics);
    }
}
