package dev.slipway.status.hoststatus;

import dev.slipway.events.domain.PlanName;
import dev.slipway.status.database.Sql;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outbox of commit statuses in SQL ({@code host_status_outbox}): written in the projection's
 * transaction, read and marked by {@link HostStatusSender}.
 */
final class HostStatusOutbox {
    static final String QUEUED = "queued";
    static final String SENT = "sent";
    static final String REPLACED = "replaced";
    static final String NO_HOST = "no-host";
    static final String GIVEN_UP = "given-up";

    private static final String COLUMNS = "id, plan, commit_sha, repository, context, state, description, target_url, event_time, "
            + "created_at, attempts";

    private HostStatusOutbox() {
    }

    /**
     * Adds the status unless the host already has (or will get) a later one of its commit and
     * context: events of one build come from several topics, so an older one may be read after a
     * newer one (a stage's start after the deployment's end); nor is the same status queued twice.
     *
     * @return whether it was added
     */
    static boolean add(Sql sql, CommitStatus status, Instant now) throws SQLException {
        Optional<Object[]> latest = sql.one("SELECT event_time, state, description FROM host_status_outbox WHERE commit_sha = ? AND context = ? "
                        + "ORDER BY event_time DESC, id DESC LIMIT 1",
                row -> new Object[]{row.instant("event_time"), row.string("state"), row.string("description")}, status.commit(), status.context());
        if (latest.isPresent()) {
            Instant latestTime = (Instant) latest.get()[0];
            if (latestTime.isAfter(status.eventTime())
                    || status.state().json().equals(latest.get()[1]) && status.description().equals(latest.get()[2])) {
                return false;
            }
        }
        sql.insert("INSERT INTO host_status_outbox (plan, commit_sha, repository, context, state, description, target_url, event_time, "
                        + "created_at, outcome, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)",
                status.plan(), status.commit(), status.repository(), status.context(), status.state().json(), status.description(),
                status.targetUrl(), status.eventTime(), now, now);
        return true;
    }

    record Queued(long id, CommitStatus status, Instant createdAt, int attempts) {
    }

    /** Every queued status, oldest first (by event time within a commit and context). */
    static List<Queued> queued(Sql sql) throws SQLException {
        return sql.list("SELECT " + COLUMNS + ", next_attempt_at FROM host_status_outbox WHERE outcome = 'queued' "
                + "ORDER BY commit_sha, context, event_time, id", row -> new Queued(row.longValue("id"),
                new CommitStatus(PlanName.of(row.string("plan")), row.string("commit_sha"), row.string("repository"), row.string("context"),
                        CommitState.parse(row.string("state")), row.string("description"), row.string("target_url"), row.instant("event_time")),
                row.instant("created_at"), row.integer("attempts")));
    }

    /** Whether the status may be tried now. */
    static boolean due(Sql sql, long id, Instant now) throws SQLException {
        return sql.one("SELECT next_attempt_at FROM host_status_outbox WHERE id = ?", row -> row.instant(1), id)
                .map(next -> !next.isAfter(now)).orElse(false);
    }

    static void mark(Sql sql, long id, String outcome, String answer) throws SQLException {
        sql.update("UPDATE host_status_outbox SET outcome = ?, last_answer = ? WHERE id = ?", outcome, answer, id);
    }

    static void retryAt(Sql sql, long id, Instant next, String answer) throws SQLException {
        sql.update("UPDATE host_status_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_answer = ? WHERE id = ?", next, answer, id);
    }

    static void attempted(Sql sql, long id, String outcome, String answer) throws SQLException {
        sql.update("UPDATE host_status_outbox SET attempts = attempts + 1, outcome = ?, last_answer = ? WHERE id = ?", outcome, answer, id);
    }

    /**
     * Forgets statuses that are done (sent, replaced, given up) and older than {@code before}: the
     * outbox is not a history, and an event that old is not reported again anyway.
     */
    static int forgetDone(Sql sql, Instant before) throws SQLException {
        return sql.update("DELETE FROM host_status_outbox WHERE outcome <> 'queued' AND created_at < ?", before);
    }

    /** The repository of a build of the commit, once a CommitReceived (or ArtifactStored) named it. */
    static Optional<String> repositoryOf(Sql sql, PlanName plan, String commit) throws SQLException {
        return sql.one("SELECT repository FROM builds WHERE plan = ? AND commit_sha = ? AND repository IS NOT NULL ORDER BY id DESC LIMIT 1",
                row -> row.string("repository"), plan, commit);
    }
}
