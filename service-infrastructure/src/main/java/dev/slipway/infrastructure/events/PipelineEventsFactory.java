package dev.slipway.infrastructure.events;

import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.kafka.IncomingEvents;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Gives every service the same {@link EventPublisher} and {@link IncomingEvents}, configured from
 * its {@code application.yml}.
 */
@Factory
public class PipelineEventsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    EventPublisher eventPublisher(@Value("${kafka.bootstrap.servers}") String bootstrapServers,
                                  @Value("${micronaut.application.name}") String applicationName,
                                  EventsConfiguration configuration) {
        return EventPublisher.connect(bootstrapServers, "/slipway/" + applicationName, configuration.publishTimeout());
    }

    @Singleton
    IncomingEvents incomingEvents(EventPublisher publisher) {
        return new IncomingEvents(publisher);
    }
}
