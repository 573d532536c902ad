package dev.slipway.deploy.listener;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.ListenerRegistryCheck;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/slipway} positions the deploy service's consumer group on the topics that
 * {@link PipelineConsumer#DEPLOY_SERVICE} names; the listeners must read exactly those, in the
 * group its property names, or a new group would replay (or skip) a topic the registry does not know.
 */
class ListenersFollowTheConsumerRegistryTest {

    @Test
    void theListenersTogetherReadExactlyTheRegisteredTopicsInTheRegisteredGroup() {
        ListenerRegistryCheck.assertListenersFollow(PipelineConsumer.DEPLOY_SERVICE, ImageBuiltListener.class);
    }
}
