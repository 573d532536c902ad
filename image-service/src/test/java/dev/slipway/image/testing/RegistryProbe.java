package dev.slipway.image.testing;

import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.testing.LocalStack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Asks the local registry directly (not through the engine) what a tag points to. */
public final class RegistryProbe {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RegistryProbe() {
    }

    /** The tag's manifest digest, or empty when the registry does not have the tag. */
    public static Optional<Digest> digest(ImageReference tag) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://" + LocalStack.registry() + "/v2/" + tag.repository() + "/manifests/" + tag.tag()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("the registry answered " + response.statusCode() + " for " + tag);
            }
            return Optional.of(Digest.of(response.headers().firstValue("Docker-Content-Digest").orElseThrow()));
        } catch (IOException e) {
            throw new AssertionError("cannot reach the registry at " + LocalStack.registry(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
