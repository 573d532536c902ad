package dev.slipway.image;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.ServiceEndpointsContract;

/**
 * The service starts its listener in a consumer group of its own, at the end of the topic. It
 * builds no plan either way (application-test.yml), so it never answers other tests' events.
 */
class ImageEndpointsTest extends ServiceEndpointsContract {
    ImageEndpointsTest() {
        super("image-service", 8083, PipelineConsumer.IMAGE_SERVICE);
    }
}
