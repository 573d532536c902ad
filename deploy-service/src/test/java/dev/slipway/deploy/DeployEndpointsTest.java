package dev.slipway.deploy;

import dev.slipway.events.Topics;
import dev.slipway.events.testing.Listeners;
import dev.slipway.events.testing.ServiceEndpointsContract;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

class DeployEndpointsTest extends ServiceEndpointsContract {
    DeployEndpointsTest() {
        super("deploy-service", 8084);
    }

    @Override
    protected Map<String, Object> extraProperties() {
        String group = "deploy-endpoints-" + UUID.randomUUID();
        Listeners.startAtEnd(group, Topics.IMAGE_BUILT, Topics.DEPLOY_REQUESTED);
        try {
            return Map.of(
                    "kafka.enabled", true,
                    "slipway.deploy.consumer-group", group,
                    // Not the default environment for every plan: other services' tests publish ImageBuilt meanwhile.
                    "slipway.deploy.environments.review.plans", java.util.List.of("deploy-endpoints-test-only"),
                    "slipway.deploy.state-dir", Files.createTempDirectory("deploy-endpoints").toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
