package dev.slipway.infrastructure.events;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code slipway.events.*}: how a service publishes events and sets up topics. The defaults are in
 * {@code slipway-service.yml}.
 *
 * @param partitions        partitions of each topic a service creates; caps how far a stage scales out
 * @param replicationFactor replicas of each topic it creates, capped at the number of brokers
 * @param publishTimeout    how long a publish may wait for the broker before it counts as failed
 * @param createTopics      create missing topics at start-up
 */
@ConfigurationProperties("slipway.events")
public record EventsConfiguration(
        int partitions,
        short replicationFactor,
        Duration publishTimeout,
        boolean createTopics) {
}
