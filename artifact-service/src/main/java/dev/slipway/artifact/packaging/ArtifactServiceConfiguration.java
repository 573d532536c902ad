package dev.slipway.artifact.build;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;

/**
 * {@code slipway.artifact.*}.
 *
 * @param publicBaseUrl where other stages and people reach this service's HTTP API; artifact URLs in
 *                      events start with it
 */
@ConfigurationProperties("slipway.artifact")
public record ArtifactServiceConfiguration(
        @Bindable(defaultValue = "http://127.0.0.1:8082") URI publicBaseUrl) {
}
