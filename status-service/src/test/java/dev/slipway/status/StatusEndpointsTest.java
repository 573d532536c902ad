package dev.slipway.status;

import dev.slipway.testing.ServiceEndpointsContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

class StatusEndpointsTest extends ServiceEndpointsContract {
    StatusEndpointsTest() {
        // The records consumer is not a @KafkaListener, so the contract does not wait for its partitions.
        super("status-service", 8085);
    }

    @Override
    protected Map<String, Object> extraProperties() {
        try {
            return Map.of(
                    // The surefire configuration turns the consumer off for contexts that do not ask for it.
                    "kafka.enabled", true,
                    "slipway.status.consumer-group", "status-endpoints-test-" + UUID.randomUUID(),
                    "slipway.status.database-dir", Files.createTempDirectory("status-endpoints").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
