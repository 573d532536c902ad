package dev.slipway.webhook;

import dev.slipway.testing.ServiceEndpointsContract;

class WebhookEndpointsTest extends ServiceEndpointsContract {
    WebhookEndpointsTest() {
        super("webhook-service", 8081);
    }
}
