package dev.slipway.artifact;

import dev.slipway.artifact.testing.RunningArtifactService;
import dev.slipway.events.Topics;
import dev.slipway.events.testing.Listeners;
import dev.slipway.events.testing.ServiceEndpointsContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class ArtifactEndpointsTest extends ServiceEndpointsContract {
    ArtifactEndpointsTest() {
        super("artifact-service", 8082);
    }

    /**
     * Its own consumer group, at the end of the topic, and its own store: never the production
     * ones. Other tests share the broker, so nothing may be fetched for events it happens to see.
     */
    @Override
    protected Map<String, Object> extraProperties() {
        String group = RunningArtifactService.uniqueGroup("endpoints");
        Listeners.startAtEnd(group, Topics.COMMIT_RECEIVED);
        try {
            Path data = Files.createTempDirectory("artifact-endpoints-");
            data.toFile().deleteOnExit();
            return Map.of(
                    "slipway.artifact.consumer-group", group,
                    "slipway.artifact.git.allowed", "",
                    "slipway.artifact.store.root", data.resolve("store").toString(),
                    "slipway.artifact.git.mirror-root", data.resolve("mirrors").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
