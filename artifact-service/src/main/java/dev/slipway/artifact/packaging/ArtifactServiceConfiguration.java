package dev.slipway.artifact.packaging;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.net.URI;

/**
 * {@code slipway.artifact.*}.
 *
 * @param publicBaseUrl where other stages and people reach this service's HTTP API; artifact URLs in
 *                      events start with it
 */
@ConfigurationProperties("slipway.artifact")
public record ArtifactServiceConfiguration(URI publicBaseUrl) {
}
