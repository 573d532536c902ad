package dev.slipway.image;

import dev.slipway.events.testing.ServiceEndpointsContract;

class ImageEndpointsTest extends ServiceEndpointsContract {
    ImageEndpointsTest() {
        super("image-service", 8083);
    }
}
