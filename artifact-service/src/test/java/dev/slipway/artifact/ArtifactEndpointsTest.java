package dev.slipway.artifact;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.ServiceEndpointsContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class ArtifactEndpointsTest extends ServiceEndpointsContract {
    ArtifactEndpointsTest() {
        super("artifact-service", 8082, PipelineConsumer.ARTIFACT_SERVICE);
    }

    /**
     * Its own store, never the production one. Other tests share the broker, so nothing may be
     * fetched for events it happens to see: the allow-list is empty.
     */
    @Override
    protected Map<String, Object> extraProperties() {
        try {
            Path data = Files.createTempDirectory("artifact-endpoints-");
            data.toFile().deleteOnExit();
            return Map.of(
                    "slipway.artifact.git.allowed", "",
                    "slipway.artifact.store.root", data.resolve("store").toString(),
                    "slipway.artifact.git.mirror-root", data.resolve("mirrors").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
