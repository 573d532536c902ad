package dev.slipway.infrastructure.events;

import dev.slipway.events.kafka.TopicSetup;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Creates missing pipeline topics when a service starts. A broker that is down does not stop the
 * service from starting: it says so, and the broker's own auto-creation is the fallback.
 */
@Singleton
@Requires(property = "slipway.events.create-topics", notEquals = "false")
public class TopicInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

    private final String bootstrapServers;
    private final EventsConfiguration configuration;

    public TopicInitializer(@Value("${kafka.bootstrap.servers}") String bootstrapServers, EventsConfiguration configuration) {
        this.bootstrapServers = bootstrapServers;
        this.configuration = configuration;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        try {
            List<String> created = TopicSetup.ensureTopics(bootstrapServers, configuration.partitions(),
                    configuration.replicationFactor(), Duration.ofSeconds(10));
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Could not check the pipeline topics on {}: {}", bootstrapServers, e.toString());
        }
    }
}
