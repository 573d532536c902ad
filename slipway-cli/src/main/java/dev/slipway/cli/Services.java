package dev.slipway.cli;

import dev.slipway.cli.client.Credentials;
import dev.slipway.cli.client.ServiceClient;
import dev.slipway.cli.status.StatusClient;

import java.net.URI;

/** The services a command talks to, at the URLs of the global options, all with the same token. */
public record Services(URI statusUrl, URI webhookUrl, URI deployUrl, URI imageUrl, Credentials credentials) {

    public StatusClient status() {
        return new StatusClient(new ServiceClient("status-service", statusUrl, credentials));
    }

    public ServiceClient webhook() {
        return new ServiceClient("webhook-service", webhookUrl, credentials);
    }

    public ServiceClient deploy() {
        return new ServiceClient("deploy-service", deployUrl, credentials);
    }

    public ServiceClient image() {
        return new ServiceClient("image-service", imageUrl, credentials);
    }
}
