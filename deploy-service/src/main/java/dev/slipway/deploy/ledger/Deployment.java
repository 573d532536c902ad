package dev.slipway.deploy.ledger;

import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;

import java.net.URI;
import java.time.Instant;

/**
 * One build in one environment, as last seen.
 *
 * @param detail    why it waits (the cluster's words), what it is doing, or why it failed
 * @param url       where it answers, once placed
 * @param appId     the name the target knows it by, once started
 * @param requestId the {@code DeployRequested} that put it there
 */
public record Deployment(BuildNumber build, CommitSha commit, ImageReference image, DeployReason requestedAs,
                         DeploymentState state, String detail, URI url, String appId, Instant updatedAt,
                         EventId requestId) {

    public static Deployment requested(DeployRequested request, Instant now) {
        return new Deployment(request.build().number(), request.commit(), request.image(), request.reason(),
                DeploymentState.DEPLOYING, "accepted", null, null, now, request.eventId());
    }

    public Deployment with(DeploymentState newState, String newDetail, URI newUrl, String newAppId, Instant now) {
        return new Deployment(build, commit, image, requestedAs, newState, newDetail, newUrl, newAppId, now, requestId);
    }

    /** Whether {@code other} would tell a reader something this one does not. */
    public boolean differsFrom(Deployment other) {
        return other == null || state != other.state || !java.util.Objects.equals(detail, other.detail)
                || !java.util.Objects.equals(url, other.url) || !java.util.Objects.equals(appId, other.appId)
                || !requestId.equals(other.requestId);
    }
}
