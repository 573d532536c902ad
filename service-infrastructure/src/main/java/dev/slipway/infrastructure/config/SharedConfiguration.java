package dev.slipway.infrastructure.config;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.AbstractPropertySourceLoader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration every service shares ({@value #RESOURCE}: health, metrics, the broker, the
 * event settings, and the consumer groups' default names from {@link PipelineConsumer}), added to
 * every application context below the service's own {@code application.yml}, which can override
 * any of it, as can the environment and system properties.
 *
 * <p>Micronaut reads only one {@code application.yml} from the class path, so a shared file needs
 * a name and a loader of its own; a context configurer is found by every context a service or a
 * test builds.
 */
@ContextConfigurer
public class SharedConfiguration implements ApplicationContextConfigurer {
    static final String RESOURCE = "slipway-service.yml";
    /** Below {@code application.yml} ({@link AbstractPropertySourceLoader#DEFAULT_POSITION}). */
    static final int POSITION = AbstractPropertySourceLoader.DEFAULT_POSITION - 100;

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of(RESOURCE, properties(), POSITION));
    }

    static Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        try (InputStream in = SharedConfiguration.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            properties.putAll(new YamlPropertySourceLoader().read(RESOURCE, in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        for (PipelineConsumer consumer : PipelineConsumer.values()) {
            properties.put(consumer.property(), consumer.defaultGroup());
        }
        return properties;
    }
}
