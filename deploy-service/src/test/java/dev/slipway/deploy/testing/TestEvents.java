package dev.slipway.deploy.testing;

import dev.slipway.events.DeployRequested;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The events a deploy-service test feeds in, for a web image on port 80. */
public final class TestEvents {
    private TestEvents() {
    }

    public static BuildDescriptor webDescriptor(double cpus, long memoryMb) {
        return new BuildDescriptor("web", "1.0.0", Map.of("GREETING", "hello"), new Resources(cpus, memoryMb, 0, 1),
                80, "/", null, null, List.of(), null, null, "dependency.json");
    }

    public static ImageBuilt imageBuilt(PlanName plan, long number, ImageReference image, BuildDescriptor descriptor) {
        return new ImageBuilt(EventId.random(), EventId.random(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                BuildId.of(plan, number), SampleEvents.COMMIT, image,
                List.of(new ImageReference(image.registry(), image.repository(), image.tag(), null)), descriptor);
    }

    public static DeployRequested deployRequested(ImageBuilt built, EnvironmentName environment, DeployReason reason) {
        return new DeployRequested(EventId.random(), built.eventId(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                built.build(), built.commit(), built.image(), built.descriptor(), environment, reason);
    }
}
