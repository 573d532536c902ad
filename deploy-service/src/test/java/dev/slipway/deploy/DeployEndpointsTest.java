package dev.slipway.deploy;

import dev.slipway.events.testing.ServiceEndpointsContract;

class DeployEndpointsTest extends ServiceEndpointsContract {
    DeployEndpointsTest() {
        super("deploy-service", 8084);
    }
}
