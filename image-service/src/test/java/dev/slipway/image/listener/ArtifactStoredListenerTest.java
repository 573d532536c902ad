package dev.slipway.image.listener;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.ListenerRegistryCheck;
import org.junit.jupiter.api.Test;

/**
 * The listener reads what the one registry of consumer groups says the image service reads, in the
 * group its property names: {@code bin/slipway} positions that group on those topics, so the code
 * and the registry must not drift apart.
 */
class ArtifactStoredListenerTest {

    @Test
    void itReadsExactlyTheTopicsOfItsPipelineConsumerInTheGroupItsPropertyNames() {
        ListenerRegistryCheck.assertListenersFollow(PipelineConsumer.IMAGE_SERVICE, ArtifactStoredListener.class);
    }
}
