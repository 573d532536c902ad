package dev.slipway.deploy.builds;

import dev.slipway.events.ImageBuilt;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;

import java.time.Instant;

/**
 * A build's image, remembered so that a person can deploy it again later (rollback, promotion).
 *
 * @param imageBuiltId   the event that announced it: a manual request names it as its cause
 * @param requestsIssued whether the policy has emitted this build's automatic deploy requests
 */
public record BuildRecord(BuildId build, CommitSha commit, ImageReference image, BuildDescriptor descriptor,
                          EventId imageBuiltId, Instant builtAt, boolean requestsIssued) {

    static BuildRecord of(ImageBuilt event) {
        return new BuildRecord(event.build(), event.commit(), event.image(), event.descriptor(), event.eventId(),
                event.time(), false);
    }

    BuildRecord withRequestsIssued() {
        return new BuildRecord(build, commit, image, descriptor, imageBuiltId, builtAt, true);
    }
}
