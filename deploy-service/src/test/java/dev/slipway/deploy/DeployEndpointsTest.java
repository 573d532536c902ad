package dev.slipway.deploy;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.ServiceEndpointsContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

class DeployEndpointsTest extends ServiceEndpointsContract {
    DeployEndpointsTest() {
        super("deploy-service", 8084, PipelineConsumer.DEPLOY_SERVICE);
    }

    @Override
    protected Map<String, Object> extraProperties() {
        try {
            return Map.of(
                    // The surefire configuration turns the listeners off for contexts that do not ask for them.
                    "kafka.enabled", true,
                    // Not the default environment for every plan: other services' tests publish ImageBuilt meanwhile.
                    "slipway.deploy.environments.review.plans", List.of("deploy-endpoints-test-only"),
                    "slipway.deploy.state-dir", Files.createTempDirectory("deploy-endpoints").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
