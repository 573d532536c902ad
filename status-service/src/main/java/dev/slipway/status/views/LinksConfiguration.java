package dev.slipway.status.views;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.net.URI;

/**
 * {@code slipway.status.links.*}: where the other services are, for a build's links and for the
 * dashboard, which reads logs from image-service and hands a person's actions to the stage that owns
 * them (the defaults are in {@code application.yml}).
 *
 * @param imageService   image-service's base URL: a build's log is {@code <base>/images/<plan>/<number>/log}
 * @param webhookService webhook-service's base URL: the dashboard's "build now" is its {@code POST /builds}
 * @param deployService  deploy-service's base URL: the dashboard's rollbacks and promotions are its {@code POST /deployments}
 */
@ConfigurationProperties("slipway.status.links")
public record LinksConfiguration(URI imageService, URI webhookService, URI deployService) {
}
