package dev.slipway.image;

import dev.slipway.events.Topics;
import dev.slipway.events.testing.Listeners;
import dev.slipway.events.testing.ServiceEndpointsContract;

import java.util.Map;
import java.util.UUID;

class ImageEndpointsTest extends ServiceEndpointsContract {
    ImageEndpointsTest() {
        super("image-service", 8083);
    }

    /**
     * The service starts its listener: a consumer group of its own, at the end of the topic. It
     * builds no plan either way (application-test.yml), so it never answers other tests' events.
     */
    @Override
    protected Map<String, Object> extraProperties() {
        String group = "image-service-endpoints-" + UUID.randomUUID();
        Listeners.startAtEnd(group, Topics.ARTIFACT_STORED);
        return Map.of("slipway.image.consumer-group", group);
    }
}
