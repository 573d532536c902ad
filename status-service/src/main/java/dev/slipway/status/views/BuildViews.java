package dev.slipway.status.views;

import dev.slipway.events.domain.PlanName;
import dev.slipway.status.builds.Build;
import dev.slipway.status.builds.BuildState;
import dev.slipway.status.builds.BuildStates;
import dev.slipway.status.builds.BuildStore;
import dev.slipway.status.builds.EnvironmentStatus;
import dev.slipway.status.builds.StageEntry;
import dev.slipway.status.database.Database;
import dev.slipway.status.database.Sql;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The read side: the read model's rows as the status API shows them. */
@Singleton
public class BuildViews {
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final Pattern COMMIT_PREFIX = Pattern.compile("[0-9a-fA-F]{7,64}");

    private final Database database;
    private final String imageService;

    public BuildViews(Database database, LinksConfiguration links) {
        this.database = database;
        String base = links.imageService().toString();
        this.imageService = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Every plan, by name: three queries, however many plans there are. */
    public List<PlanView> plans() {
        return database.read(sql -> {
            Map<String, List<EnvironmentStatus>> environments = BuildStore.allEnvironments(sql);
            Map<Long, List<StageEntry>> entries = BuildStore.entriesOfLatestBuilds(sql);
            Map<String, Build> latest = new java.util.TreeMap<>();
            BuildStore.latestOfEachPlan(sql).forEach(build -> latest.put(build.plan().value(), build));
            java.util.Set<String> names = new java.util.TreeSet<>(latest.keySet());
            names.addAll(environments.keySet());
            List<PlanView> plans = new ArrayList<>();
            for (String name : names) {
                Build build = latest.get(name);
                plans.add(plan(name, build == null ? null : summary(build, entries.getOrDefault(build.id(), List.of())),
                        build, environments.getOrDefault(name, List.of())));
            }
            return plans;
        });
    }

    public Optional<PlanView> plan(PlanName plan) {
        return database.read(sql -> plan(sql, plan));
    }

    public Optional<BuildPage> page(PlanName plan, int page, int size) {
        return database.read(sql -> {
            long total = BuildStore.count(sql, plan);
            if (total == 0) {
                return Optional.empty();
            }
            List<BuildSummary> builds = new ArrayList<>();
            for (Build build : BuildStore.newestFirst(sql, plan, (long) page * size, size)) {
                builds.add(summary(sql, build));
            }
            return Optional.of(new BuildPage(plan.value(), page, size, total, builds));
        });
    }

    /** Whether status-service knows any build of the plan. */
    public boolean knows(PlanName plan) {
        return database.read(sql -> BuildStore.count(sql, plan) > 0);
    }

    /**
     * One build by {@code ref}: a build number, {@code latest}, a commit sha or a prefix of at least
     * 7 hex digits (the newest build of that commit), or a request id (a CommitReceived event id).
     */
    public Optional<BuildDetail> build(PlanName plan, String ref) {
        return database.read(sql -> {
            Optional<Build> build = resolve(sql, plan, ref);
            return build.isPresent() ? Optional.of(detail(sql, build.get())) : Optional.empty();
        });
    }

    /** The summary of a build by its row id, as the live stream sends it. */
    public Optional<BuildSummary> summary(long id) {
        return database.read(sql -> {
            Optional<Build> build = BuildStore.byId(sql, id);
            return build.isPresent() ? Optional.of(summary(sql, build.get())) : Optional.empty();
        });
    }

    private static Optional<Build> resolve(Sql sql, PlanName plan, String ref) throws SQLException {
        if (ref.equals("latest")) {
            return BuildStore.newestFirst(sql, plan, 0, 1).stream().findFirst();
        }
        if (NUMBER.matcher(ref).matches()) {
            Optional<Build> byNumber = BuildStore.byNumber(sql, plan, Long.parseLong(ref));
            if (byNumber.isPresent()) {
                return byNumber;
            }
        }
        if (COMMIT_PREFIX.matcher(ref).matches()) {
            Optional<Build> byCommit = BuildStore.byCommitPrefix(sql, plan, ref.toLowerCase(java.util.Locale.ROOT));
            if (byCommit.isPresent()) {
                return byCommit;
            }
        }
        try {
            return BuildStore.byRequest(sql, UUID.fromString(ref)).filter(build -> build.plan().equals(plan));
        } catch (IllegalArgumentException notARequestId) {
            return Optional.empty();
        }
    }

    private Optional<PlanView> plan(Sql sql, PlanName plan) throws SQLException {
        Optional<Build> latest = BuildStore.newestFirst(sql, plan, 0, 1).stream().findFirst();
        List<EnvironmentStatus> environments = BuildStore.environments(sql, plan);
        if (latest.isEmpty() && environments.isEmpty()) {
            return Optional.empty();
        }
        BuildSummary summary = latest.isPresent() ? summary(sql, latest.get()) : null;
        return Optional.of(plan(plan.value(), summary, latest.orElse(null), environments));
    }

    private static PlanView plan(String plan, BuildSummary summary, Build latest, List<EnvironmentStatus> environments) {
        Instant updatedAt = latest == null ? null : latest.updatedAt();
        for (EnvironmentStatus environment : environments) {
            if (updatedAt == null || environment.updatedAt().isAfter(updatedAt)) {
                updatedAt = environment.updatedAt();
            }
        }
        boolean failing = latest != null && latest.state() == BuildState.FAILED
                || environments.stream().anyMatch(e -> e.state().equals("failed"));
        return new PlanView(plan, summary, environments.stream()
                .map(e -> new PlanView.EnvironmentView(e.environment(), e.build(), e.state(), e.url(), Times.format(e.updatedAt())))
                .toList(), Times.format(updatedAt), failing);
    }

    private BuildSummary summary(Sql sql, Build build) throws SQLException {
        return summary(build, BuildStore.entries(sql, build.id()));
    }

    private static BuildSummary summary(Build build, List<StageEntry> entries) {
        List<BuildSummary.StageView> stages = entries.stream().map(e -> new BuildSummary.StageView(e.stage(), e.environment(),
                e.state().json(), Times.format(e.queuedAt()), Times.format(e.startedAt()), Times.format(e.finishedAt()),
                Times.seconds(e.duration()), e.reason(), e.detail())).toList();
        // Per environment, the build's latest deployment there.
        Map<String, StageEntry> latestPerEnvironment = new LinkedHashMap<>();
        entries.stream().filter(e -> e.stage().equals("deploy") && e.environment() != null)
                .sorted(Comparator.comparing(StageEntry::requestedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(e -> latestPerEnvironment.put(e.environment(), e));
        List<BuildSummary.BuildEnvironmentView> environments = latestPerEnvironment.values().stream()
                .sorted(Comparator.comparing(StageEntry::environment))
                .map(e -> new BuildSummary.BuildEnvironmentView(e.environment(), EnvironmentStatus.of(e), e.url(),
                        reasonOf(e), e.detail(), Times.format(e.lastChange())))
                .toList();
        return new BuildSummary(build.plan().value(), build.number(), build.displayId(),
                build.request() == null ? null : build.request().toString(), build.trigger(), build.commit(),
                build.commit() == null ? null : build.commit().substring(0, Math.min(7, build.commit().length())),
                build.branch(), build.repository(),
                build.authorName() == null ? null : new BuildSummary.AuthorView(build.authorName(), build.authorEmail()),
                build.message(), Times.format(build.receivedAt()), Times.format(build.updatedAt()), build.state().json(),
                build.reason(), build.failedStage(), stages, environments,
                build.previewOf() == null ? null : new BuildSummary.PullRequestView(build.previewOf().number(), build.previewOf().title(),
                        build.previewOf().url(), build.previewOf().environment()));
    }

    /** A deployment's reason as the build's environments show it: a rollback and a removal say where things stand now. */
    private static String reasonOf(StageEntry deployment) {
        if (deployment.state() == dev.slipway.status.builds.EntryState.ROLLED_BACK) {
            return BuildStates.rolledBackBecause(deployment);
        }
        return deployment.replacedAt() != null || deployment.state() == dev.slipway.status.builds.EntryState.REMOVED
                ? BuildStates.supersededBecause(deployment) : deployment.reason();
    }

    private BuildDetail detail(Sql sql, Build build) throws SQLException {
        BuildSummary summary = summary(sql, build);
        BuildDetail.ArtifactView artifact = build.artifactUrl() == null ? null
                : new BuildDetail.ArtifactView(build.artifactUrl(), build.artifactSha256(), build.artifactSize());
        BuildDetail.ImageView image = build.imageReference() == null ? null
                : new BuildDetail.ImageView(build.imageReference(), build.imageDigest(), build.imageTags());
        String self = "/plans/" + build.plan() + "/builds/" + (build.number() != null ? build.number().toString()
                : build.request() != null ? build.request().toString() : "latest");
        BuildDetail.Links links = new BuildDetail.Links(
                build.number() == null ? null : imageService + "/images/" + build.plan() + "/" + build.number() + "/log",
                build.artifactUrl(), self);
        List<BuildDetail.TimelineView> timeline = BuildStore.timeline(sql, build.id()).stream()
                .map(t -> new BuildDetail.TimelineView(Times.format(t.time()), t.type(), t.stage(), t.environment(), t.summary(),
                        t.eventId() == null ? null : t.eventId().toString())).toList();
        return BuildDetail.of(summary, artifact, image, links, timeline);
    }
}
