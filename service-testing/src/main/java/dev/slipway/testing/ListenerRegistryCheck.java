package dev.slipway.testing;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.Topic;

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
 * {@code bin/slipway} positions a service's consumer group on the topics that its
 * {@link PipelineConsumer} names. The service's listeners must read exactly those, in the group
 * that the consumer's property names (with no default of their own), or a new group would replay
 * or skip a topic the registry does not know.
 */
public final class ListenerRegistryCheck {
    private ListenerRegistryCheck() {
    }

    /**
     * Asserts that the {@code @KafkaListener} classes in the package of {@code aListener} together
     * read exactly {@code consumer}'s topics, each in the group {@code ${<consumer's property>}}.
     */
    public static void assertListenersFollow(PipelineConsumer consumer, Class<?> aListener) {
        List<Class<?>> listeners = listenersBeside(aListener);
        Set<String> topics = new HashSet<>();
        for (Class<?> listener : listeners) {
            assertEquals("${" + consumer.property() + "}", listener.getAnnotation(KafkaListener.class).groupId(),
                    listener.getSimpleName() + " takes its group from the registry's property, and its default from the registry too");
            topics.addAll(topics(listener));
            Arrays.stream(listener.getDeclaredMethods()).forEach(method -> topics.addAll(topics(method)));
        }
        assertEquals(Set.copyOf(consumer.topics()), topics, "the topics " + listeners + " read");
    }

    /** The classes in the package of {@code aListener} (its compiled folder) that carry {@code @KafkaListener}. */
    private static List<Class<?>> listenersBeside(Class<?> aListener) {
        List<Class<?>> listeners = new ArrayList<>();
        try {
            Path compiled = Path.of(aListener.getResource(aListener.getSimpleName() + ".class").toURI()).getParent();
            try (Stream<Path> files = Files.list(compiled)) {
                // Micronaut's generated bean definitions have a '$' in their names.
                for (String name : files.map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(".class") && !name.contains("$")).toList()) {
                    Class<?> type = Class.forName(aListener.getPackageName() + "." + name.substring(0, name.length() - ".class".length()));
                    if (type.isAnnotationPresent(KafkaListener.class)) {
                        listeners.add(type);
                    }
                }
            }
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new AssertionError("cannot list the listeners beside " + aListener, e);
        }
        assertFalse(listeners.isEmpty(), "no @KafkaListener beside " + aListener);
        return listeners;
    }

    private static List<String> topics(AnnotatedElement element) {
        return Arrays.stream(element.getAnnotationsByType(Topic.class)).flatMap(topic -> Arrays.stream(topic.value())).toList();
    }
}
