package dev.slipway.status.views;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.net.URI;

/**
 * {@code slipway.status.links.*}: where the services are that a build's links point to (the
 * defaults are in {@code application.yml}).
 *
 * @param imageService image-service's base URL: a build's log is {@code <base>/images/<plan>/<number>/log}
 */
@ConfigurationProperties("slipway.status.links")
public record LinksConfiguration(URI imageService) {
}
