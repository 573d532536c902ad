package dev.slipway.status.dashboard;

import dev.slipway.events.domain.PlanName;
import dev.slipway.status.monitoring.Monitoring;
import dev.slipway.status.monitoring.MonitoringConfiguration;
import dev.slipway.status.monitoring.MonitoringReport;
import dev.slipway.status.views.BuildDetail;
import dev.slipway.status.views.BuildPage;
import dev.slipway.status.views.BuildSummary;
import dev.slipway.status.views.BuildViews;
import dev.slipway.status.views.PlanView;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The pages' models, made from the read model as the API serves it ({@link BuildViews}) and from the
 * bus's samples ({@link Monitoring}): what each page shows, in words, with its links.
 */
@Singleton
public class DashboardModels {
    /** Git hosts whose commit pages have a known address; any other repository's commit is not linked. */
    private static final Map<String, String> COMMIT_PATHS = Map.of(
            "github.com", "/commit/", "gitlab.com", "/-/commit/", "bitbucket.org", "/commits/");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("(/[A-Za-z0-9._-]+){2,}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
    private static final Set<String> ACTIVE = Set.of("running", "deploying", "waiting");
    private static final int CHART_WIDTH = 240;
    private static final int CHART_HEIGHT = 40;

    private final BuildViews views;
    private final Monitoring monitoring;
    private final MonitoringConfiguration monitoringConfiguration;
    private final DashboardConfiguration configuration;

    public DashboardModels(BuildViews views, Monitoring monitoring, MonitoringConfiguration monitoringConfiguration,
                           DashboardConfiguration configuration) {
        this.views = views;
        this.monitoring = monitoring;
        this.monitoringConfiguration = monitoringConfiguration;
        this.configuration = configuration;
    }

    // ---- plans

    public List<PlansPage.PlanRow> plans() {
        Instant now = Instant.now();
        return views.plans().stream().map(plan -> planRow(plan, now)).toList();
    }

    public Optional<PlansPage.PlanRow> planRow(PlanName plan) {
        return views.plan(plan).map(view -> planRow(view, Instant.now()));
    }

    private static PlansPage.PlanRow planRow(PlanView plan, Instant now) {
        BuildSummary latest = plan.latestBuild();
        List<PlansPage.PlanEnvironment> environments = plan.environments().stream()
                .map(e -> new PlansPage.PlanEnvironment(e.environment(), e.build(), e.state(), "running".equals(e.state()) ? e.url() : null))
                .toList();
        return new PlansPage.PlanRow(plan.plan(), DashboardPaths.plan(plan.plan()), latest == null ? "none" : latest.state(), plan.failing(),
                latest == null ? null : label(latest), latest == null ? null : DashboardPaths.build(plan.plan(), ref(latest)),
                environments, plan.updatedAt(), Texts.ago(plan.updatedAt(), now));
    }

    // ---- a plan's builds

    public Optional<PlanPage> planPage(Chrome chrome, PlanName plan, int page) {
        int size = configuration.buildsPerPage();
        Optional<BuildPage> builds = views.page(plan, page, size);
        if (builds.isEmpty()) {
            return views.plan(plan).map(known -> new PlanPage(chrome, plan.value(), page, List.of(), null, null));
        }
        BuildPage found = builds.get();
        Instant now = Instant.now();
        String base = DashboardPaths.plan(plan.value());
        String newer = page == 0 ? null : page == 1 ? base : base + "?page=" + (page - 1);
        String older = (long) (page + 1) * size < found.total() ? base + "?page=" + (page + 1) : null;
        return Optional.of(new PlanPage(chrome, plan.value(), page,
                found.builds().stream().map(build -> buildRow(build, now)).toList(), newer, older));
    }

    public Optional<BuildRow> buildRow(PlanName plan, String ref) {
        return views.build(plan, ref).map(detail -> buildRow(summaryOf(detail), Instant.now()));
    }

    private static BuildRow buildRow(BuildSummary build, Instant now) {
        String ref = ref(build);
        List<BuildRow.EnvironmentLink> urls = build.environments().stream()
                .filter(e -> "running".equals(e.state()) && e.url() != null)
                .map(e -> new BuildRow.EnvironmentLink(e.environment(), e.url())).toList();
        return new BuildRow(build.plan(), ref, build.request(), label(build), build.state(), DashboardPaths.build(build.plan(), ref),
                stageBars(build.stages()), commit(build), author(build), build.message(), build.trigger(), urls, build.receivedAt(),
                Texts.ago(build.receivedAt(), now));
    }

    // ---- one build

    public Optional<BuildParts> buildParts(PlanName plan, String ref, boolean canAct) {
        Optional<BuildDetail> found = views.build(plan, ref);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BuildDetail build = found.get();
        Instant now = Instant.now();
        BuildSummary summary = summaryOf(build);
        List<BuildParts.TimelineLine> timeline = build.timeline().stream()
                .map(t -> new BuildParts.TimelineLine(t.time(), Texts.ago(t.time(), now), t.type(), t.summary())).toList();
        List<BuildParts.Deployment> deployments = build.environments().stream()
                .map(e -> new BuildParts.Deployment(e.environment(), e.state(), "running".equals(e.state()) ? e.url() : null, e.reason()))
                .toList();
        BuildParts.Image image = build.image() == null ? null
                : new BuildParts.Image(build.image().reference(), build.image().digest(), build.image().tags());
        boolean imageRunning = build.stages().stream().anyMatch(s -> s.stage().equals("image")
                && (s.state().equals("queued") || s.state().equals("running")));
        List<BuildParts.DeployAction> actions = canAct ? deployActions(plan, build) : List.of();
        return Optional.of(new BuildParts(build.plan(), ref(summary), build.number(), label(summary), build.state(),
                failureReason(build), "waiting".equals(build.state()) ? build.reason() : null, stageBars(build.stages()), commit(summary),
                author(summary), build.message(), build.trigger(), build.receivedAt(), Texts.ago(build.receivedAt(), now), image, timeline,
                deployments, actions, canAct, imageRunning, previewOf(build)));
    }

    /** The build's number, when it has one (a build that failed before it has none, and no log or deployments). */
    public Optional<Long> number(PlanName plan, String ref) {
        return views.build(plan, ref).map(BuildDetail::number);
    }

    /**
     * Where a deployment of the build to the environment would lead: a rollback when the environment
     * runs a newer build, else a promotion; empty when the build cannot be deployed (no image) or the
     * environment is not one the plan deploys to.
     */
    public Optional<DeployTarget> deployTarget(PlanName plan, long number, String environment) {
        Optional<BuildDetail> found = views.build(plan, Long.toString(number));
        if (found.isEmpty() || found.get().image() == null || found.get().number() == null) {
            return Optional.empty();
        }
        Map<String, PlanView.EnvironmentView> current = currentEnvironments(plan);
        if (!environments(found.get(), current).contains(environment)) {
            return Optional.empty();
        }
        PlanView.EnvironmentView there = current.get(environment);
        Long running = there == null ? null : there.build();
        String action = running != null && running > number ? "rollback" : "promote";
        String kind = action.equals("rollback") ? "rollback" : "promotion";
        String text = running == null ? environment + ": build " + number + " will be deployed (" + kind + ")"
                : running == number ? environment + ": build " + number + " will be deployed again (" + kind + ")"
                : environment + ": build " + running + " will be replaced by build " + number + " (" + kind + ")";
        return Optional.of(new DeployTarget(plan.value(), number, environment, action, running, text));
    }

    /**
     * A deployment the dashboard can ask for.
     *
     * @param action  {@code rollback} or {@code promote}
     * @param running the build the environment runs now, or null
     * @param text    what will replace what, in words
     */
    public record DeployTarget(String plan, long build, String environment, String action, Long running, String text) {
        /** The action as a person names it: "rolling back", "promoting". */
        public String doing() {
            return action.equals("rollback") ? "rolling back" : "promoting";
        }

        public String requested() {
            return action.equals("rollback") ? "rollback of " + environment + " to build " + build + " requested"
                    : "promotion of build " + build + " to " + environment + " requested";
        }
    }

    private List<BuildParts.DeployAction> deployActions(PlanName plan, BuildDetail build) {
        if (build.number() == null || build.image() == null) {
            return List.of();
        }
        long number = build.number();
        Map<String, PlanView.EnvironmentView> current = currentEnvironments(plan);
        List<BuildParts.DeployAction> actions = new ArrayList<>();
        for (String environment : environments(build, current)) {
            PlanView.EnvironmentView there = current.get(environment);
            if (there != null && there.build() != null && there.build() == number && ACTIVE.contains(there.state())) {
                continue; // it runs (or is being deployed) there already
            }
            boolean rollback = there != null && there.build() != null && there.build() > number;
            String confirm = DashboardPaths.build(plan.value(), Long.toString(number)) + "/deploy";
            actions.add(new BuildParts.DeployAction(environment, rollback ? "rollback" : "promote",
                    rollback ? "Roll back " + environment + " to build " + number : "Promote build " + number + " to " + environment, confirm));
        }
        return actions;
    }

    private Map<String, PlanView.EnvironmentView> currentEnvironments(PlanName plan) {
        Map<String, PlanView.EnvironmentView> current = new TreeMap<>();
        views.plan(plan).ifPresent(view -> view.environments().forEach(e -> current.put(e.environment(), e)));
        return current;
    }

    /** The environments a build could go to: those the plan or the build has deployments in. */
    private static List<String> environments(BuildDetail build, Map<String, PlanView.EnvironmentView> current) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(current.keySet());
        build.environments().forEach(e -> names.add(e.environment()));
        return List.copyOf(names);
    }

    /** The pull request a preview build shows; its link only when the host gave an http(s) page (the contract checks). */
    private static BuildParts.Preview previewOf(BuildDetail build) {
        BuildSummary.PullRequestView pr = build.pullRequest();
        return pr == null ? null : new BuildParts.Preview(pr.number(), pr.title(), pr.url(), pr.environment());
    }

    private static String failureReason(BuildDetail build) {
        if (!"failed".equals(build.state())) {
            return null;
        }
        String stage = build.failedStage() == null ? "a" : "the " + stageName(build.failedStage());
        return "The build failed in " + stage + " stage: " + (build.reason() == null ? "no reason was given" : build.reason());
    }

    private static String stageName(String stage) {
        return switch (stage) {
            case "artifact" -> "artifact (fetch and archive)";
            case "image" -> "image (build, test and push)";
            case "deploy" -> "deploy";
            default -> stage;
        };
    }

    // ---- stages, commits, labels

    /** One bar per stage; per environment only its latest deployment (a rollback there shows, not the deployment it replaced). */
    static List<StageBar> stageBars(List<BuildSummary.StageView> stages) {
        Map<String, BuildSummary.StageView> latest = new LinkedHashMap<>();
        for (BuildSummary.StageView stage : stages) {
            String key = stage.stage().equals("deploy") ? "deploy:" + stage.environment() : stage.stage();
            latest.remove(key);
            latest.put(key, stage);
        }
        List<StageBar> bars = new ArrayList<>();
        latest.forEach((key, stage) -> bars.add(new StageBar(key, stageLabel(stage), stage.state(), Texts.duration(stage.durationSeconds()),
                stageTitle(stage))));
        return bars;
    }

    private static String stageLabel(BuildSummary.StageView stage) {
        return switch (stage.stage()) {
            case "artifact" -> "fetch & archive";
            case "image" -> "image build, test & push";
            case "deploy" -> "deploy to " + stage.environment() + (stage.detail() == null || stage.detail().equals("automatic") ? ""
                    : " (" + stage.detail() + ")");
            default -> stage.stage();
        };
    }

    private static String stageTitle(BuildSummary.StageView stage) {
        StringBuilder title = new StringBuilder();
        if (stage.queuedAt() != null) {
            title.append("queued ").append(stage.queuedAt());
        }
        if (stage.startedAt() != null) {
            title.append(title.isEmpty() ? "" : "; ").append("started ").append(stage.startedAt());
        }
        if (stage.finishedAt() != null) {
            title.append(title.isEmpty() ? "" : "; ").append("finished ").append(stage.finishedAt());
        }
        if (stage.reason() != null) {
            title.append(title.isEmpty() ? "" : "; ").append(stage.reason());
        }
        return title.toString();
    }

    private static BuildRow.Commit commit(BuildSummary build) {
        if (build.commit() == null) {
            return null;
        }
        return new BuildRow.Commit(build.commit(), build.shortCommit(), commitUrl(build.repository(), build.commit()), build.branch());
    }

    /** The commit's page on GitHub, GitLab or Bitbucket when the repository is an https URL there; null otherwise. */
    static String commitUrl(String repository, String sha) {
        if (repository == null || sha == null || !SHA.matcher(sha).matches()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(repository);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "").replaceAll("\\.git$", "");
        if (!"https".equalsIgnoreCase(uri.getScheme()) || host == null || !COMMIT_PATHS.containsKey(host) || uri.getPort() != -1
                || uri.getRawQuery() != null || uri.getRawFragment() != null || !REPOSITORY_PATH.matcher(path).matches()) {
            return null;
        }
        return "https://" + host + path + COMMIT_PATHS.get(host) + sha;
    }

    private static String author(BuildSummary build) {
        return build.author() == null ? null : build.author().name();
    }

    /** {@code build 3}; a build without a number is {@code new build} until it fails without one ({@code unnumbered}). */
    private static String label(BuildSummary build) {
        if (build.number() != null) {
            return "build " + build.number();
        }
        return "failed".equals(build.state()) ? "unnumbered" : "new build";
    }

    /** How a build's page is addressed: its number, or its request id while it has none. */
    static String ref(BuildSummary build) {
        if (build.number() != null) {
            return build.number().toString();
        }
        if (build.request() != null) {
            return build.request();
        }
        return build.id();
    }

    private static BuildSummary summaryOf(BuildDetail d) {
        return new BuildSummary(d.plan(), d.number(), d.id(), d.request(), d.trigger(), d.commit(), d.shortCommit(), d.branch(),
                d.repository(), d.author(), d.message(), d.receivedAt(), d.updatedAt(), d.state(), d.reason(), d.failedStage(), d.stages(),
                d.environments(), d.pullRequest());
    }

    // ---- the bus

    public long busRefreshMillis() {
        return monitoringConfiguration.interval().toMillis();
    }

    public BusPage.Table bus() {
        Optional<MonitoringReport> latest = monitoring.latest();
        if (latest.isEmpty()) {
            String why = monitoring.lastFailure().map(failure -> " (last try: " + failure.message() + ")").orElse("");
            return new BusPage.Table(null, null, "status-service has not sampled the broker yet" + why
                    + "; this page shows the figures as soon as it has", List.of());
        }
        MonitoringReport report = latest.get();
        Instant sampled = Instant.parse(report.sampledAt());
        List<MonitoringReport.HistorySample> history = monitoring.history().samples();
        List<BusPage.Row> rows = new ArrayList<>();
        for (MonitoringReport.StageRow stage : report.stages()) {
            List<long[]> lags = new ArrayList<>(); // {epoch millis, lag}
            for (MonitoringReport.HistorySample sample : history) {
                sample.stages().stream().filter(s -> s.stage().equals(stage.stage())).findFirst()
                        .ifPresent(s -> lags.add(new long[]{Instant.parse(sample.time()).toEpochMilli(), s.lag()}));
            }
            rows.add(new BusPage.Row(stage.stage(), stage.group(), stage.lag(),
                    stage.oldestUnprocessedAgeSeconds() == null ? "–" : Texts.duration(stage.oldestUnprocessedAgeSeconds()),
                    perMinute(stage.inPerMinute()), perMinute(stage.outPerMinute()), stage.deadLetters(),
                    stage.durationP50Seconds() == null ? "–" : Texts.duration(stage.durationP50Seconds()),
                    stage.durationP95Seconds() == null ? "–" : Texts.duration(stage.durationP95Seconds()),
                    behind(stage.lag(), lags, sampled), chart(stage.stage(), stage.lag(), lags, sampled)));
        }
        return new BusPage.Table(report.sampledAt(), Texts.ago(report.sampledAt(), Instant.now()), null, rows);
    }

    /** Its lag is above zero and higher than at the start of the rate window: it falls behind. */
    private boolean behind(long lag, List<long[]> lags, Instant sampled) {
        if (lag <= 0) {
            return false;
        }
        long windowStart = sampled.minus(monitoringConfiguration.rateWindow()).toEpochMilli();
        return lags.stream().filter(point -> point[0] >= windowStart && point[0] < sampled.toEpochMilli()).findFirst()
                .map(first -> lag > first[1]).orElse(false);
    }

    private BusPage.Chart chart(String stage, long lag, List<long[]> lags, Instant sampled) {
        long end = sampled.toEpochMilli();
        long span = monitoringConfiguration.history().toMillis();
        long max = Math.max(1, lags.stream().mapToLong(point -> point[1]).max().orElse(0));
        StringBuilder points = new StringBuilder();
        for (long[] point : lags) {
            double x = CHART_WIDTH - (double) (end - point[0]) / span * CHART_WIDTH;
            double y = CHART_HEIGHT - 2 - (double) point[1] / max * (CHART_HEIGHT - 4);
            points.append(points.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", Math.max(0, x), y));
        }
        long highest = lags.stream().mapToLong(point -> point[1]).max().orElse(lag);
        return new BusPage.Chart(CHART_WIDTH, CHART_HEIGHT, points.toString(),
                "lag of " + stage + " over the last hour: highest " + highest + ", now " + lag);
    }

    private static String perMinute(double value) {
        return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f/min" : "%.1f/min", value);
    }
}
