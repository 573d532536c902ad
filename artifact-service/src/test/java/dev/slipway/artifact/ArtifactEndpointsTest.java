package dev.slipway.artifact;

import dev.slipway.events.testing.ServiceEndpointsContract;

class ArtifactEndpointsTest extends ServiceEndpointsContract {
    ArtifactEndpointsTest() {
        super("artifact-service", 8082);
    }
}
