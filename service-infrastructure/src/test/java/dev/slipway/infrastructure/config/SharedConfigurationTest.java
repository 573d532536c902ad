package dev.slipway.infrastructure.config;

import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedConfigurationTest {

    @Test
    void everyContextGetsTheSharedSettings() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            context.getEnvironment().start();
            assertTrue(context.getProperty("endpoints.health.enabled", Boolean.class).orElseThrow());
            assertTrue(context.getProperty("micronaut.metrics.export.prometheus.enabled", Boolean.class).orElseThrow());
            assertEquals(Duration.ofSeconds(10), context.getProperty("slipway.events.publish-timeout", Duration.class).orElseThrow());
            for (PipelineConsumer consumer : PipelineConsumer.values()) {
                assertEquals(consumer.defaultGroup(), context.getProperty(consumer.property(), String.class).orElseThrow());
            }
        }
    }

    @Test
    void aServicesOwnApplicationYmlOverridesTheSharedSettings() {
        // This module's test application.yml sets slipway.events.partitions to 5.
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            context.getEnvironment().start();
            assertEquals(5, context.getProperty("slipway.events.partitions", Integer.class).orElseThrow());
        }
    }

    @Test
    void propertiesGivenToAContextOverrideBoth() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("slipway.events.partitions", 7,
                "slipway.image.consumer-group", "image-service-staging"))) {
            assertEquals(7, context.getBean(EventsConfiguration.class).partitions());
            assertEquals("image-service-staging", context.getProperty("slipway.image.consumer-group", String.class).orElseThrow());
        }
    }
}
