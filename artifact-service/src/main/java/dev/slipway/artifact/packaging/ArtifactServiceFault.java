package dev.slipway.artifact.packaging;

import dev.slipway.events.domain.Redacted;

/**
 * A fault of this service, not of the repository or of the event: a store it cannot write (a full
 * or read-only disk), a mirror it cannot open, a bug. Such faults often pass, so the listener tries
 * the record again for the configured, bounded time ({@code slipway.events.listener-retry.*}); then
 * it parks the record on the dead-letter topic with this message as the reason, and a
 * {@code StageFailed} says so (service-infrastructure's {@code PoisonRecords}).
 */
public final class ArtifactServiceFault extends RuntimeException {

    public ArtifactServiceFault(Throwable fault) {
        // The parked record's reason is the message of the innermost cause. This exception has no cause, so that its
        // own message (the fault's type and message, credentials scrubbed) is the reason; the fault itself stays
        // attached as suppressed, for the stack trace in the log.
        super("the artifact service failed: " + Redacted.urlsIn(fault.toString()));
        addSuppressed(fault);
    }
}
