package dev.slipway.webhook.trigger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The body of every answer to a delivery that was understood: what became of it and why.
 *
 * @param status  {@code accepted}, {@code duplicate} (of this delivery id, or of a build of the same
 *                plan and commit), {@code ignored} or {@code pong}
 * @param builds  the builds queued (or, for a duplicate, queued earlier)
 * @param closed  the pull requests whose previews were ended (PullRequestClosed written)
 * @param ignored why parts of the delivery build nothing
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeliveryAnswer(String status, String message, String deliveryId, List<QueuedBuild> builds, List<ClosedPullRequest> closed,
                             List<String> ignored) {
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String IGNORED = "ignored";
    public static final String PONG = "pong";

    public static DeliveryAnswer accepted(String deliveryId, List<QueuedBuild> builds, List<String> ignored) {
        return accepted(deliveryId, builds, List.of(), ignored);
    }

    /** Builds were queued, or previews ended, or both (a merged pull request): every event is on the broker. */
    public static DeliveryAnswer accepted(String deliveryId, List<QueuedBuild> builds, List<ClosedPullRequest> closed, List<String> ignored) {
        List<String> parts = new ArrayList<>();
        if (!builds.isEmpty()) {
            parts.add("queued " + builds.size() + (builds.size() == 1 ? " build: " : " builds: ")
                    + builds.stream().map(QueuedBuild::toString).collect(Collectors.joining("; ")));
        }
        if (!closed.isEmpty()) {
            parts.add("ended the preview of " + closed.stream().map(ClosedPullRequest::toString).collect(Collectors.joining("; ")));
        }
        return new DeliveryAnswer(ACCEPTED, String.join("; ", parts), deliveryId, List.copyOf(builds), List.copyOf(closed), List.copyOf(ignored));
    }

    /**
     * Every build the delivery asks for was queued before by another delivery (a merge reported
     * twice, a replayed body): nothing is written, and the answer names the earlier builds.
     */
    public static DeliveryAnswer alreadyQueued(String deliveryId, List<QueuedBuild> earlier, List<String> reasons) {
        return new DeliveryAnswer(DUPLICATE, String.join("; ", reasons), deliveryId, List.copyOf(earlier), List.of(), List.of());
    }

    public static DeliveryAnswer ignored(String deliveryId, String reason) {
        return new DeliveryAnswer(IGNORED, "ignored: " + reason, deliveryId, List.of(), List.of(), List.of());
    }

    public static DeliveryAnswer pong(String deliveryId, String message) {
        return new DeliveryAnswer(PONG, message, deliveryId, List.of(), List.of(), List.of());
    }

    /** The answer to a redelivery of this (accepted) delivery. */
    public DeliveryAnswer asDuplicate(Instant firstSeen) {
        return new DeliveryAnswer(DUPLICATE, "delivery " + deliveryId + " was already accepted at " + firstSeen
                + "; this redelivery wrote no new event", deliveryId, builds, closed, ignored);
    }

    @JsonIgnore
    public boolean wroteEvents() {
        return status.equals(ACCEPTED);
    }
}
