package dev.slipway.status.hoststatus;

import dev.slipway.events.domain.PlanName;

import java.time.Instant;

/**
 * One status to report for a commit.
 *
 * @param repository the build's repository URL (without user info), or null while its CommitReceived
 *                   has not been read: the sender looks it up again then
 * @param context    what the host keeps one status per: {@code slipway/<plan>} for the build,
 *                   {@code slipway/<plan>/<environment>} for each environment it deploys to
 * @param targetUrl  the build's page in the dashboard
 * @param eventTime  the time of the event it reports, which orders the statuses of one context
 */
public record CommitStatus(PlanName plan, String commit, String repository, String context, CommitState state, String description,
                           String targetUrl, Instant eventTime) {
}
