package dev.slipway.events.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code slipway.events.*}: how a service publishes events and sets up topics.
 *
 * @param partitions        partitions of each topic a service creates; caps how far a stage scales out
 * @param replicationFactor replicas of each topic it creates (1 on a single broker)
 * @param publishTimeout    how long a publish may wait for the broker before it counts as failed
 * @param createTopics      create missing topics at start-up
 */
@ConfigurationProperties("slipway.events")
public record EventsConfiguration(
        @Bindable(defaultValue = "3") int partitions,
        @Bindable(defaultValue = "1") short replicationFactor,
        @Bindable(defaultValue = "10s") Duration publishTimeout,
        @Bindable(defaultValue = "true") boolean createTopics) {
}
