package dev.slipway.artifact.listener;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.ListenerRegistryCheck;
import org.junit.jupiter.api.Test;

/**
 * The listener reads what the one registry of consumer groups says it reads, in the group that
 * registry names, so that {@code bin/slipway} positions exactly the group and topics the service uses.
 */
class CommitReceivedListenerTest {

    @Test
    void itReadsExactlyTheRegistrysTopicsInTheGroupItsPropertyNames() {
        ListenerRegistryCheck.assertListenersFollow(PipelineConsumer.ARTIFACT_SERVICE, CommitReceivedListener.class);
    }
}
