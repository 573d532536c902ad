package dev.slipway.status.builds;

import dev.slipway.events.domain.PlanName;
import dev.slipway.status.database.Sql;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The builds of the read model in SQL: every method works within the caller's transaction
 * ({@link Sql}), so a record's changes are stored with its offset, or not at all.
 */
public final class BuildStore {
    static final String BUILD_COLUMNS = "id, plan, number, request_id, rebuild, trigger_kind, commit_sha, branch, repository, "
            + "author_name, author_email, message, commit_seen, received_at, updated_at, state, reason, failed_stage, "
            + "artifact_url, artifact_sha256, artifact_size, image_reference, image_digest, image_tags, pr_number, pr_title, pr_url";
    private static final String ENTRY_COLUMNS = "id, build_id, stage, environment, input_event_id, state, queued_at, started_at, "
            + "progressed_at, finished_at, reason, detail, url, app_id, replaced_at, replaced_by";

    private BuildStore() {
    }

    // ---- finding builds

    public static Optional<Build> byId(Sql sql, long id) throws SQLException {
        return sql.one("SELECT " + BUILD_COLUMNS + " FROM builds WHERE id = ?", BuildStore::build, id);
    }

    /** The build that answers a request (a CommitReceived event id): its own, or the one it was merged into. */
    public static Optional<Build> byRequest(Sql sql, UUID request) throws SQLException {
        return sql.one("SELECT " + prefixed("b") + " FROM builds b JOIN build_requests r ON r.build_id = b.id WHERE r.request_id = ?",
                BuildStore::build, request);
    }

    public static Optional<Build> byNumber(Sql sql, PlanName plan, long number) throws SQLException {
        return sql.one("SELECT " + BUILD_COLUMNS + " FROM builds WHERE plan = ? AND number = ?", BuildStore::build, plan, number);
    }

    /** The newest numbered build of a commit. */
    public static Optional<Build> numberedByCommit(Sql sql, PlanName plan, String commit) throws SQLException {
        return sql.one("SELECT " + BUILD_COLUMNS + " FROM builds WHERE plan = ? AND commit_sha = ? AND number IS NOT NULL "
                + "ORDER BY number DESC LIMIT 1", BuildStore::build, plan, commit);
    }

    /**
     * Unnumbered builds of a commit that asked for no rebuild and have not failed: requests that
     * artifact-service answers with the commit's existing build.
     */
    public static List<Build> pendingByCommit(Sql sql, PlanName plan, String commit) throws SQLException {
        return sql.list("SELECT " + BUILD_COLUMNS + " FROM builds WHERE plan = ? AND commit_sha = ? AND number IS NULL "
                + "AND rebuild = FALSE AND state <> 'failed' ORDER BY id", BuildStore::build, plan, commit);
    }

    /** Every plan that has a build, by name. */
    public static List<PlanName> plans(Sql sql) throws SQLException {
        return sql.list("SELECT DISTINCT plan FROM builds ORDER BY plan", row -> PlanName.of(row.string("plan")));
    }

    /** Each plan's newest build (by the time it was received, then by number), by plan name. */
    public static List<Build> latestOfEachPlan(Sql sql) throws SQLException {
        return sql.list("SELECT " + BUILD_COLUMNS + " FROM (SELECT b.*, ROW_NUMBER() OVER (PARTITION BY plan "
                + "ORDER BY received_at DESC, number DESC NULLS LAST, id DESC) AS newest FROM builds b) WHERE newest = 1 ORDER BY plan",
                BuildStore::build);
    }

    /** The stage entries of each plan's newest build, by build id. */
    public static java.util.Map<Long, List<StageEntry>> entriesOfLatestBuilds(Sql sql) throws SQLException {
        java.util.Map<Long, List<StageEntry>> entries = new java.util.HashMap<>();
        sql.list("SELECT " + prefixedEntry("e") + " FROM stage_entries e JOIN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
                + "(PARTITION BY plan ORDER BY received_at DESC, number DESC NULLS LAST, id DESC) AS newest FROM builds) "
                + "WHERE newest = 1) latest ON latest.id = e.build_id", BuildStore::entry)
                .forEach(entry -> entries.computeIfAbsent(entry.buildId(), id -> new java.util.ArrayList<>()).add(entry));
        entries.replaceAll((id, list) -> sorted(list));
        return entries;
    }

    /** Every plan's environments, by plan. */
    public static java.util.Map<String, List<EnvironmentStatus>> allEnvironments(Sql sql) throws SQLException {
        java.util.Map<String, List<EnvironmentStatus>> environments = new java.util.TreeMap<>();
        sql.list("SELECT plan, environment, build_number, state, url, reason, detail, updated_at FROM environments ORDER BY plan, environment",
                row -> {
                    environments.computeIfAbsent(row.string("plan"), plan -> new java.util.ArrayList<>()).add(environment(row));
                    return null;
                });
        return environments;
    }

    /** The plan's builds, newest first (by the time they were received, then by number). */
    public static List<Build> newestFirst(Sql sql, PlanName plan, long offset, int limit) throws SQLException {
        return sql.list("SELECT " + BUILD_COLUMNS + " FROM builds WHERE plan = ? "
                + "ORDER BY received_at DESC, number DESC NULLS LAST, id DESC LIMIT ? OFFSET ?", BuildStore::build, plan, limit, offset);
    }

    public static long count(Sql sql, PlanName plan) throws SQLException {
        return sql.one("SELECT COUNT(*) FROM builds WHERE plan = ?", row -> row.longValue(1), plan).orElse(0L);
    }

    /** The newest build of a commit whose id starts with {@code prefix} (lowercase hex). */
    public static Optional<Build> byCommitPrefix(Sql sql, PlanName plan, String prefix) throws SQLException {
        return sql.one("SELECT " + BUILD_COLUMNS + " FROM builds WHERE plan = ? AND commit_sha LIKE ? "
                + "ORDER BY received_at DESC, number DESC NULLS LAST, id DESC LIMIT 1", BuildStore::build, plan, prefix + "%");
    }

    /** How long the stage's entries took that finished since {@code since} (from start, or queueing, to finish). */
    public static List<java.time.Duration> durations(Sql sql, String stage, Instant since) throws SQLException {
        return sql.list("SELECT " + ENTRY_COLUMNS + " FROM stage_entries WHERE stage = ? AND finished_at >= ?", BuildStore::entry, stage, since)
                .stream().map(StageEntry::duration).filter(java.util.Objects::nonNull).filter(d -> !d.isNegative()).toList();
    }

    // ---- changing builds

    /** A new build row, for whichever of its events came first; {@code request} and {@code number} may be null. */
    public static Build create(Sql sql, PlanName plan, UUID request, Long number, String commit, Instant firstSeen) throws SQLException {
        long id = sql.insert("INSERT INTO builds (plan, number, request_id, commit_sha, received_at, updated_at, state) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'received')", plan, number, request, commit, firstSeen, firstSeen);
        if (request != null) {
            linkRequest(sql, request, id);
        }
        return byId(sql, id).orElseThrow();
    }

    /** Records that {@code request} is answered by the build. */
    public static void linkRequest(Sql sql, UUID request, long buildId) throws SQLException {
        sql.update("MERGE INTO build_requests (request_id, build_id) KEY (request_id) VALUES (?, ?)", request, buildId);
    }

    /** What the CommitReceived says: trigger, branch, repository, author, message; and the time it arrived. */
    public static void fillCommit(Sql sql, long id, String trigger, boolean rebuild, String commit, String branch, String repository,
                                  String authorName, String authorEmail, String message, Instant receivedAt) throws SQLException {
        sql.update("UPDATE builds SET trigger_kind = ?, rebuild = ?, commit_sha = ?, branch = ?, repository = ?, author_name = ?, "
                        + "author_email = ?, message = ?, commit_seen = TRUE, received_at = ? WHERE id = ?",
                trigger, rebuild, commit, branch, repository, authorName, authorEmail, message, receivedAt, id);
    }

    /** Fills what a later event knows when the CommitReceived has not been seen (or never will be). */
    public static void fillSource(Sql sql, long id, String commit, String branch, String repository) throws SQLException {
        sql.update("UPDATE builds SET commit_sha = COALESCE(commit_sha, ?), branch = COALESCE(branch, ?), "
                + "repository = COALESCE(repository, ?) WHERE id = ?", commit, branch, repository, id);
    }

    public static void number(Sql sql, long id, long number, String artifactUrl, String sha256, long sizeBytes) throws SQLException {
        sql.update("UPDATE builds SET number = ?, artifact_url = ?, artifact_sha256 = ?, artifact_size = ? WHERE id = ?",
                number, artifactUrl, sha256, sizeBytes, id);
    }

    public static void image(Sql sql, long id, String reference, String digest, List<String> tags) throws SQLException {
        sql.update("UPDATE builds SET image_reference = ?, image_digest = ?, image_tags = ? WHERE id = ?",
                reference, digest, String.join("\n", tags), id);
    }

    /**
     * An event of the build happened at {@code time}: it is updated then, and, until its
     * CommitReceived is seen, received no later than that.
     */
    public static void touch(Sql sql, long id, Instant time) throws SQLException {
        sql.update("UPDATE builds SET updated_at = GREATEST(updated_at, ?), "
                + "received_at = CASE WHEN commit_seen THEN received_at ELSE LEAST(received_at, ?) END WHERE id = ?", time, time, id);
    }

    /** Derives the build's state from its stage entries and stores it. */
    public static void refreshState(Sql sql, long id) throws SQLException {
        BuildStates.Outcome outcome = BuildStates.derive(entries(sql, id));
        sql.update("UPDATE builds SET state = ?, reason = ?, failed_stage = ? WHERE id = ?",
                outcome.state().json(), outcome.reason(), outcome.failedStage(), id);
    }

    /**
     * Folds {@code from} (a request that turned out to be answered by an existing build) into
     * {@code into}: its requests and timeline move over; its unfinished artifact work is dropped,
     * since the build it waited for exists. The request's arrival line says so.
     */
    public static void merge(Sql sql, Build from, Build into, String arrivalSummary) throws SQLException {
        sql.update("UPDATE build_requests SET build_id = ? WHERE build_id = ?", into.id(), from.id());
        sql.update("UPDATE timeline SET build_id = ? WHERE build_id = ?", into.id(), from.id());
        if (from.request() != null) {
            sql.update("UPDATE timeline SET summary = ? WHERE build_id = ? AND event_type = 'commit-received' AND event_id = ?",
                    arrivalSummary, into.id(), from.request());
        }
        sql.update("DELETE FROM stage_entries WHERE build_id = ? AND stage = 'artifact'", from.id());
        sql.update("UPDATE stage_entries SET build_id = ? WHERE build_id = ?", into.id(), from.id());
        sql.update("DELETE FROM builds WHERE id = ?", from.id());
        touch(sql, into.id(), from.updatedAt());
    }

    /**
     * Folds {@code placeholder} (a row made by a later event before the build's request was known)
     * into {@code into}, the row of the build's own request: everything of it moves over.
     */
    public static void absorb(Sql sql, Build placeholder, Build into) throws SQLException {
        sql.update("UPDATE build_requests SET build_id = ? WHERE build_id = ?", into.id(), placeholder.id());
        sql.update("UPDATE timeline SET build_id = ? WHERE build_id = ?", into.id(), placeholder.id());
        for (StageEntry entry : entries(sql, placeholder.id())) {
            Optional<StageEntry> twin = sql.one("SELECT " + ENTRY_COLUMNS + " FROM stage_entries WHERE build_id = ? AND stage = ? "
                    + "AND input_event_id = ?", BuildStore::entry, into.id(), entry.stage(), entry.input());
            if (twin.isPresent() && (twin.get().state().finished() || !entry.state().finished())) {
                sql.update("DELETE FROM stage_entries WHERE id = ?", entry.id());
                continue;
            }
            if (twin.isPresent()) {
                sql.update("DELETE FROM stage_entries WHERE id = ?", twin.get().id());
            }
            sql.update("UPDATE stage_entries SET build_id = ? WHERE id = ?", into.id(), entry.id());
        }
        sql.update("DELETE FROM builds WHERE id = ?", placeholder.id());
        sql.update("UPDATE builds SET commit_sha = COALESCE(commit_sha, ?), image_reference = COALESCE(image_reference, ?), "
                        + "image_digest = COALESCE(image_digest, ?), image_tags = COALESCE(image_tags, ?) WHERE id = ?",
                placeholder.commit(), placeholder.imageReference(), placeholder.imageDigest(),
                placeholder.imageTags().isEmpty() ? null : String.join("\n", placeholder.imageTags()), into.id());
        touch(sql, into.id(), placeholder.receivedAt());
        touch(sql, into.id(), placeholder.updatedAt());
    }

    /** Records the pull request the build previews (its CommitReceived, ArtifactStored and ImageBuilt each name the same one). */
    public static void previewOf(Sql sql, long id, dev.slipway.events.domain.PullRequest pullRequest) throws SQLException {
        sql.update("UPDATE builds SET pr_number = ?, pr_title = ?, pr_url = COALESCE(?, pr_url) WHERE id = ?", pullRequest.number(),
                pullRequest.title(), pullRequest.webUrl() == null ? null : pullRequest.webUrl().toString(), id);
    }

    /** The plan's newest build that previews pull request {@code number}. */
    public static Optional<Build> latestPreview(Sql sql, PlanName plan, int number) throws SQLException {
        return sql.one("SELECT " + BUILD_COLUMNS + " FROM builds WHERE plan = ? AND pr_number = ? "
                + "ORDER BY received_at DESC, number DESC NULLS LAST, id DESC LIMIT 1", BuildStore::build, plan, number);
    }

    /** Sets the build's own request when only later events had been seen. */
    public static void adoptRequest(Sql sql, long id, UUID request) throws SQLException {
        sql.update("UPDATE builds SET request_id = COALESCE(request_id, ?) WHERE id = ?", request, id);
        linkRequest(sql, request, id);
    }

    // ---- stage entries

    /** The entry of {@code stage} for {@code input}, made (queued, no times) if it is not there yet. */
    public static StageEntry entry(Sql sql, long buildId, String stage, UUID input, String environment) throws SQLException {
        Optional<StageEntry> existing = sql.one("SELECT " + ENTRY_COLUMNS + " FROM stage_entries WHERE build_id = ? AND stage = ? "
                + "AND input_event_id = ?", BuildStore::entry, buildId, stage, input);
        if (existing.isPresent()) {
            StageEntry entry = existing.get();
            if (entry.environment() == null && environment != null) {
                sql.update("UPDATE stage_entries SET environment = ? WHERE id = ?", environment, entry.id());
                return entryById(sql, entry.id());
            }
            return entry;
        }
        long id = sql.insert("INSERT INTO stage_entries (build_id, stage, environment, input_event_id, state) VALUES (?, ?, ?, ?, 'queued')",
                buildId, stage, environment, input);
        return entryById(sql, id);
    }

    /** The deploy entry of a deployment request, wherever (whichever build) it is. */
    public static Optional<StageEntry> entryByInput(Sql sql, String stage, UUID input) throws SQLException {
        return sql.one("SELECT " + ENTRY_COLUMNS + " FROM stage_entries WHERE stage = ? AND input_event_id = ?", BuildStore::entry, stage, input);
    }

    /**
     * A deployment ({@code entryId}, finished at {@code time}, of build {@code number}) runs as
     * {@code appId}: the plan's earlier deployments that ran as that app are replaced by it, and it
     * is replaced itself when a later one already runs as that app (read before it).
     *
     * @return the ids of the builds whose deployments it replaced
     */
    public static List<Long> runAs(Sql sql, PlanName plan, long entryId, String appId, Instant time, long number) throws SQLException {
        sql.update("UPDATE stage_entries SET app_id = ? WHERE id = ?", appId, entryId);
        String samePlanAndApp = "FROM stage_entries e JOIN builds b ON b.id = e.build_id WHERE b.plan = ? AND e.stage = 'deploy' "
                + "AND e.app_id = ? AND e.state = 'succeeded' AND e.id <> ? ";
        List<long[]> earlier = sql.list("SELECT e.id, e.build_id " + samePlanAndApp + "AND e.finished_at <= ? AND e.replaced_at IS NULL",
                row -> new long[]{row.longValue(1), row.longValue(2)}, plan, appId, entryId, time);
        for (long[] replaced : earlier) {
            sql.update("UPDATE stage_entries SET replaced_at = ?, replaced_by = ? WHERE id = ?", time, number, replaced[0]);
        }
        Optional<Object[]> later = sql.one("SELECT e.finished_at, b.number " + samePlanAndApp + "AND e.finished_at > ? "
                + "ORDER BY e.finished_at LIMIT 1", row -> new Object[]{row.instant(1), row.longValue("number")}, plan, appId, entryId, time);
        if (later.isPresent()) {
            sql.update("UPDATE stage_entries SET replaced_at = ?, replaced_by = ? WHERE id = ?", later.get()[0], later.get()[1], entryId);
        }
        return earlier.stream().map(replaced -> replaced[1]).distinct().toList();
    }

    public static void save(Sql sql, StageEntry entry) throws SQLException {
        sql.update("UPDATE stage_entries SET environment = ?, state = ?, queued_at = ?, started_at = ?, progressed_at = ?, "
                        + "finished_at = ?, reason = ?, detail = ?, url = ? WHERE id = ?",
                entry.environment(), entry.state().json(), entry.queuedAt(), entry.startedAt(), entry.progressedAt(),
                entry.finishedAt(), entry.reason(), entry.detail(), entry.url(), entry.id());
    }

    /** A build's stage entries in pipeline order (artifact, image, then deployments as requested). */
    public static List<StageEntry> entries(Sql sql, long buildId) throws SQLException {
        return sorted(sql.list("SELECT " + ENTRY_COLUMNS + " FROM stage_entries WHERE build_id = ?", BuildStore::entry, buildId));
    }

    private static List<StageEntry> sorted(List<StageEntry> entries) {
        return entries.stream().sorted(Comparator.comparingInt((StageEntry e) -> stageOrder(e.stage()))
                .thenComparing(StageEntry::requestedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(StageEntry::id)).toList();
    }

    private static int stageOrder(String stage) {
        return switch (stage) {
            case "webhook" -> 0;
            case "artifact" -> 1;
            case "image" -> 2;
            default -> 3;
        };
    }

    private static StageEntry entryById(Sql sql, long id) throws SQLException {
        return sql.one("SELECT " + ENTRY_COLUMNS + " FROM stage_entries WHERE id = ?", BuildStore::entry, id).orElseThrow();
    }

    // ---- timeline

    public static void timeline(Sql sql, long buildId, Instant time, String type, String stage, String environment, String summary,
                                UUID eventId) throws SQLException {
        sql.update("INSERT INTO timeline (build_id, event_time, event_type, stage, environment, summary, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                buildId, time, type, stage, environment, summary, eventId);
    }

    public static List<TimelineEntry> timeline(Sql sql, long buildId) throws SQLException {
        return sql.list("SELECT event_time, event_type, stage, environment, summary, event_id FROM timeline WHERE build_id = ? "
                        + "ORDER BY event_time, id",
                row -> new TimelineEntry(row.instant("event_time"), row.string("event_type"), row.string("stage"),
                        row.string("environment"), row.string("summary"), row.uuid("event_id")), buildId);
    }

    // ---- environments

    /**
     * Derives where an environment of the plan stands: its latest deployment request that was not
     * superseded (a superseded one never replaced what ran there), or the latest when all were.
     */
    public static void refreshEnvironment(Sql sql, PlanName plan, String environment) throws SQLException {
        List<Deployment> deployments = sql.list("SELECT b.number, " + prefixedEntry("e") + " FROM stage_entries e "
                        + "JOIN builds b ON b.id = e.build_id WHERE b.plan = ? AND e.stage = 'deploy' AND e.environment = ?",
                row -> new Deployment(row.longValue("number"), entry(row)), plan, environment);
        Comparator<Deployment> byRequest = Comparator.comparing((Deployment d) -> d.entry().requestedAt(),
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingLong(d -> d.entry().id());
        // A rolled-back deployment never replaced what ran there either: the build before keeps serving.
        Optional<Deployment> current = deployments.stream()
                .filter(d -> d.entry().state() != EntryState.SUPERSEDED && d.entry().state() != EntryState.ROLLED_BACK).max(byRequest)
                .or(() -> deployments.stream().max(byRequest));
        if (current.isEmpty()) {
            return;
        }
        StageEntry entry = current.get().entry();
        sql.update("MERGE INTO environments (plan, environment, build_number, state, url, reason, detail, updated_at) "
                        + "KEY (plan, environment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                plan, environment, current.get().number(), EnvironmentStatus.of(entry), entry.url(), entry.reason(),
                entry.detail(), entry.lastChange() == null ? Instant.now() : entry.lastChange());
    }

    private record Deployment(Long number, StageEntry entry) {
    }

    public static List<EnvironmentStatus> environments(Sql sql, PlanName plan) throws SQLException {
        return sql.list("SELECT environment, build_number, state, url, reason, detail, updated_at FROM environments WHERE plan = ? "
                        + "ORDER BY environment",
                BuildStore::environment, plan);
    }

    private static EnvironmentStatus environment(Sql.Row row) throws SQLException {
        return new EnvironmentStatus(row.string("environment"), row.longValue("build_number"), row.string("state"),
                row.string("url"), row.string("reason"), row.string("detail"), row.instant("updated_at"));
    }

    // ---- rows

    static String prefixed(String alias) {
        return Arrays.stream(BUILD_COLUMNS.split(", ")).map(column -> alias + "." + column).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    private static String prefixedEntry(String alias) {
        return Arrays.stream(ENTRY_COLUMNS.split(", ")).map(column -> alias + "." + column).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    static Build build(Sql.Row row) throws SQLException {
        String tags = row.string("image_tags");
        return new Build(row.longValue("id"), PlanName.of(row.string("plan")), row.longValue("number"), row.uuid("request_id"),
                row.bool("rebuild"), row.string("trigger_kind"), row.string("commit_sha"), row.string("branch"), row.string("repository"),
                row.string("author_name"), row.string("author_email"), row.string("message"), row.bool("commit_seen"),
                row.instant("received_at"), row.instant("updated_at"), BuildState.parse(row.string("state")), row.string("reason"),
                row.string("failed_stage"), row.string("artifact_url"), row.string("artifact_sha256"), row.longValue("artifact_size"),
                row.string("image_reference"), row.string("image_digest"),
                tags == null || tags.isEmpty() ? List.of() : List.of(tags.split("\n")),
                row.longValue("pr_number") == null ? null : new Build.PreviewOf(row.longValue("pr_number").intValue(), row.string("pr_title"), row.string("pr_url")));
    }

    static StageEntry entry(Sql.Row row) throws SQLException {
        return new StageEntry(row.longValue("id"), row.longValue("build_id"), row.string("stage"), row.string("environment"),
                row.uuid("input_event_id"), EntryState.parse(row.string("state")), row.instant("queued_at"), row.instant("started_at"),
                row.instant("progressed_at"), row.instant("finished_at"), row.string("reason"), row.string("detail"), row.string("url"),
                row.string("app_id"), row.instant("replaced_at"), row.longValue("replaced_by"));
    }
}
