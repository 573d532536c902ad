package dev.slipway.deploy.listener;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code bin/slipway} positions the deploy service's consumer group on the topics that
 * {@link PipelineConsumer#DEPLOY_SERVICE} names; the listeners must read exactly those, in the
 * group its property names, or a new group would replay (or skip) a topic the registry does not know.
 */
class ListenersFollowTheConsumerRegistryTest {
    private static final PipelineConsumer CONSUMER = PipelineConsumer.DEPLOY_SERVICE;

    @Test
    void theListenersTogetherReadExactlyTheRegisteredTopics() throws Exception {
        Set<String> topics = new HashSet<>();
        for (Class<?> listener : listeners()) {
            topics.addAll(topics(listener));
            for (var method : listener.getDeclaredMethods()) {
                topics.addAll(topics(method));
            }
        }
        assertEquals(Set.copyOf(CONSUMER.topics()), topics);
    }

    @Test
    void everyListenerJoinsTheGroupThatTheRegisteredPropertyNames() throws Exception {
        for (Class<?> listener : listeners()) {
            assertEquals("${" + CONSUMER.property() + "}", listener.getAnnotation(KafkaListener.class).groupId(),
                    listener.getSimpleName() + " takes its group from the registry's property, with the default from the registry too");
        }
    }

    /** Every Kafka listener of the service: the classes in this package that carry the annotation. */
    private static List<Class<?>> listeners() throws IOException, URISyntaxException, ClassNotFoundException {
        // The folder of the service's compiled classes, not the test's folder of the same package.
        Path compiled = Path.of(ImageBuiltListener.class.getResource(ImageBuiltListener.class.getSimpleName() + ".class").toURI())
                .getParent();
        List<String> names;
        try (Stream<Path> files = Files.list(compiled)) {
            // Micronaut's generated bean definitions have a '$' in their names.
            names = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .toList();
        }
        List<Class<?>> listeners = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(ImageBuiltListener.class.getPackageName() + "." + name);
            if (type.isAnnotationPresent(KafkaListener.class)) {
                listeners.add(type);
            }
        }
        assertFalse(listeners.isEmpty(), "no listener found in " + compiled);
        return listeners;
    }

    private static List<String> topics(AnnotatedElement element) {
        return Arrays.stream(element.getAnnotationsByType(Topic.class)).flatMap(topic -> Arrays.stream(topic.value())).toList();
    }
}
