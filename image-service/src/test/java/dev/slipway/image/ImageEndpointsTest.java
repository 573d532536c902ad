package dev.slipway.image;

import dev.slipway.events.Topics;
import dev.slipway.events.testing.Listeners;
import dev.slipway.events.testing.ServiceEndpointsContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

class ImageEndpointsTest extends ServiceEndpointsContract {
    ImageEndpointsTest() {
        super("image-service", 8083);
    }

    /**
     * The service starts its listener, so it gets a consumer group of its own at the end of the
     * topic, storage of its own, and a plan pattern that matches no plan: it must not build what
     * other tests send while it runs.
     */
    @Override
    protected Map<String, Object> extraProperties() {
        String group = "image-service-endpoints-" + UUID.randomUUID();
        Listeners.startAtEnd(group, Topics.ARTIFACT_STORED);
        try {
            Path data = Files.createDirectories(Path.of("target", "image-endpoints-" + UUID.randomUUID()));
            return Map.of(
                    "slipway.image.consumer-group", group,
                    "slipway.image.builds.plan-pattern", "(?!)",
                    "slipway.image.builds.storage-directory", data.resolve("builds").toString(),
                    "slipway.image.builds.work-directory", data.resolve("work").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
