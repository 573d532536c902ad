package dev.slipway.webhook;

import dev.slipway.events.testing.ServiceEndpointsContract;

class WebhookEndpointsTest extends ServiceEndpointsContract {
    WebhookEndpointsTest() {
        super("webhook-service", 8081);
    }
}
