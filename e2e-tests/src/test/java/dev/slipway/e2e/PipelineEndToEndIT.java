package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.GitDaemon;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.ServiceProcess;
import dev.slipway.testing.TestTokens;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline with real parts ({@link RunningPipeline}, shared with the suite's other
 * classes): Git repositories served by git's own daemon, the five services as separate processes
 * from their runnable jars, the stack's Kafka broker, Docker engine and registry. Each step asserts on what a user sees: the HTTP answer of a webhook, the page at
 * the deployed URL, build numbers and states from the deploy API, and the events on each topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(RunningPipeline.Shared.class)
class PipelineEndToEndIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final Path ROOT = RunningPipeline.ROOT;
    private static final String GITHUB_SECRET = RunningPipeline.GITHUB_SECRET;
    private static final String GITLAB_TOKEN = RunningPipeline.GITLAB_TOKEN;

    private RunningPipeline pipeline;
    private String run;
    private String helloPlan;
    private String gitlabPlan;
    private String guardedPlan;
    private String brokenPlan;

    private GitDaemon git;
    private ExampleRepository hello;
    private ExampleRepository gitlabRepo;
    private ExampleRepository guarded;
    private ExampleRepository broken;
    private SlipwayCli cli;
    /** The pipeline's running services by short name (a live view: a restarted service is in it again). */
    private Map<String, ServiceProcess> services;
    private final Map<String, TopicReader> topics = new LinkedHashMap<>();
    private final Map<String, String> commits = new HashMap<>();

    /** The suite's one pipeline (see {@link RunningPipeline}); this class pushes to plans of its own. */
    @BeforeAll
    void useThePipeline(RunningPipeline pipeline) {
        this.pipeline = pipeline;
        run = pipeline.run();
        helloPlan = pipeline.plan("hello");
        gitlabPlan = pipeline.plan("gl");
        guardedPlan = pipeline.plan("guarded");
        brokenPlan = pipeline.plan("broken");
        git = pipeline.git();
        hello = pipeline.repository("hello");
        gitlabRepo = pipeline.repository("gl");
        guarded = pipeline.repository("guarded");
        broken = pipeline.repository("broken");
        cli = pipeline.cli();
        services = pipeline.services();
        // From now on: this class's plans have had no events before its first push.
        for (String topic : List.of(Topics.COMMIT_RECEIVED, Topics.ARTIFACT_STORED, Topics.IMAGE_BUILT,
                Topics.DEPLOY_REQUESTED, Topics.DEPLOYMENT_FINISHED, Topics.STAGE_FAILED)) {
            topics.put(topic, TopicReader.fromNow(topic));
        }
    }

    @AfterAll
    void closeTheTopicReaders() {
        for (TopicReader reader : topics.values()) {
            reader.close();
        }
    }

    @Test
    @Order(1)
    void aSignedGithubPushIsServedAtItsOwnUrl() throws Exception {
        String marker = "commit one " + run;
        commits.put("one", hello.commitSite(marker));
        Instant sent = Instant.now();

        HttpAnswer answer = Webhooks.sendGithub(services.get("webhook").url("/webhooks/github"), "push",
                Webhooks.githubPush(git.url("hello.git"), "slipway/hello", "main", "0".repeat(40), commits.get("one"), "Show " + marker),
                GITHUB_SECRET);
        assertEquals(202, answer.status(), answer.body());

        URI url = awaitRunning(helloPlan, "review", 1);
        assertServes(url, marker);
        Duration total = Duration.between(sent, Instant.now());
        report("build 1 (first build, cold caches)", sent, helloPlan, commits.get("one"), 1, total);
    }

    @Test
    @Order(2)
    void aSecondCommitGetsTheNextBuildNumberAndItsOwnUrl() throws Exception {
        String marker = "commit two " + run;
        commits.put("two", hello.commitSite(marker));
        Instant sent = Instant.now();

        HttpAnswer answer = Webhooks.sendGithub(services.get("webhook").url("/webhooks/github"), "push",
                Webhooks.githubPush(git.url("hello.git"), "slipway/hello", "main", commits.get("one"), commits.get("two"), "Show " + marker),
                GITHUB_SECRET);
        assertEquals(202, answer.status(), answer.body());

        URI second = awaitRunning(helloPlan, "review", 2);
        assertServes(second, marker);
        report("build 2 (warm caches)", sent, helloPlan, commits.get("two"), 2, Duration.between(sent, Instant.now()));
        // Build 1 keeps its own URL and content: every build has an environment of its own.
        assertServes(awaitRunning(helloPlan, "review", 1), "commit one " + run);

        JsonNode artifacts = getJson(services.get("artifact").url("/artifacts/" + helloPlan));
        List<Long> numbers = new ArrayList<>();
        artifacts.findValues("number").forEach(n -> numbers.add(n.asLong()));
        assertTrue(numbers.containsAll(List.of(1L, 2L)) && numbers.size() == 2, "build numbers 1 and 2: " + artifacts);

        URI production = awaitStable(helloPlan, "production", 2);
        assertServes(production, marker);
    }

    @Test
    @Order(3)
    void aRollbackServesTheOlderBuildAgainInTheStableEnvironment() throws Exception {
        HttpAnswer answer = post(services.get("deploy").url("/deployments"),
                "{\"plan\":\"" + helloPlan + "\",\"buildNumber\":1,\"environment\":\"production\"}");
        assertEquals(202, answer.status(), answer.body());
        assertEquals("rollback", answer.json().path("reason").asText(), answer.body());

        URI production = awaitStable(helloPlan, "production", 1);
        assertServes(production, "commit one " + run);
    }

    @Test
    @Order(4)
    void aGitLabPushForAnotherPlanGoesThroughTheSamePath() throws Exception {
        String marker = "gitlab commit " + run;
        String commit = gitlabRepo.commitSite(marker);

        HttpAnswer answer = Webhooks.sendGitlab(services.get("webhook").url("/webhooks/gitlab"), "Push Hook",
                Webhooks.gitlabPush(git.url("team-site.git"), "slipway/team-site", "main", "0".repeat(40), commit, "Show " + marker),
                GITLAB_TOKEN);
        assertEquals(202, answer.status(), answer.body());

        assertServes(awaitRunning(gitlabPlan, "review", 1), marker);
    }

    @Test
    @Order(5)
    void aWebhookWithABadSignatureProducesNoBuildAtAll() throws Exception {
        String commit = guarded.commitSite("must never be built " + run);
        HttpAnswer answer = Webhooks.sendGithub(services.get("webhook").url("/webhooks/github"), "push",
                Webhooks.githubPush(git.url("guarded.git"), "slipway/guarded", "main", "0".repeat(40), commit, "forged"),
                "not-the-secret");
        assertEquals(401, answer.status(), answer.body());

        assertEquals(List.of(), topics.get(Topics.COMMIT_RECEIVED).drain(guardedPlan, Duration.ofSeconds(5)));
        assertEquals(404, get(services.get("artifact").url("/artifacts/" + guardedPlan), Role.VIEWER).status());
    }

    @Test
    @Order(6)
    void eachTopicCarriedThePlansEventsInOrder() {
        Duration wait = Duration.ofSeconds(30);
        List<CommitReceived> received = events(Topics.COMMIT_RECEIVED, CommitReceived.class, 2, wait);
        assertEquals(List.of(commits.get("one"), commits.get("two")), received.stream().map(e -> e.commit().value()).toList());

        List<ArtifactStored> stored = events(Topics.ARTIFACT_STORED, ArtifactStored.class, 2, wait);
        assertEquals(List.of(1L, 2L), stored.stream().map(e -> e.build().number().value()).toList());
        for (int i = 0; i < 2; i++) {
            assertEquals(received.get(i).eventId(), stored.get(i).causationId(), "ArtifactStored answers its CommitReceived");
        }

        List<ImageBuilt> images = events(Topics.IMAGE_BUILT, ImageBuilt.class, 2, wait);
        assertEquals(List.of(1L, 2L), images.stream().map(e -> e.build().number().value()).toList());
        assertEquals(stored.get(0).eventId(), images.get(0).causationId());

        // Build 1: review + production; build 2: review + production; then the rollback of build 1.
        List<DeployRequested> requests = events(Topics.DEPLOY_REQUESTED, DeployRequested.class, 5, wait);
        assertEquals(DeployReason.ROLLBACK, requests.get(requests.size() - 1).reason());
        assertEquals(1L, requests.get(requests.size() - 1).build().number().value());
        requests.subList(0, 4).forEach(r -> assertEquals(DeployReason.AUTOMATIC, r.reason()));

        List<DeploymentFinished> finished = events(Topics.DEPLOYMENT_FINISHED, DeploymentFinished.class, 5, wait);
        finished.forEach(f -> assertEquals("running", f.state().json(), String.valueOf(f)));

        assertEquals(List.of(), topics.get(Topics.STAGE_FAILED).drain(helloPlan, Duration.ofSeconds(1)),
                "no stage gave up on the plan");
    }

    @Test
    @Order(7)
    void onlyAnOperatorCanRollProductionBack() throws Exception {
        URI deployments = services.get("deploy").url("/deployments");
        String rollback = "{\"plan\":\"" + helloPlan + "\",\"buildNumber\":2,\"environment\":\"production\"}";
        HttpAnswer anonymous = HttpAnswer.send(HttpRequest.newBuilder(deployments).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rollback)));
        assertEquals(401, anonymous.status(), anonymous.body());
        HttpAnswer viewer = HttpAnswer.send(HttpRequest.newBuilder(deployments).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.of(Role.VIEWER)).POST(HttpRequest.BodyPublishers.ofString(rollback)));
        assertEquals(403, viewer.status(), viewer.body());
        assertTrue(viewer.message().contains("operator"), viewer.message());

        assertServes(awaitStable(helloPlan, "production", 1), "commit one " + run);
    }

    // --- every build's story: status-service and the slipway CLI ----------------------------------

    @Test
    @Order(8)
    void statusServiceTellsEachBuildsWholeStoryIncludingTheRollback() throws Exception {
        ImageBuilt image = lastOf(Topics.IMAGE_BUILT, ImageBuilt.class, helloPlan, e -> e.build().number().value() == 2, Duration.ofSeconds(30));
        JsonNode build = awaitStatus("/plans/" + helloPlan + "/builds/2", b -> "served".equals(b.path("state").asText())
                && deployEntries(b).size() >= 2);
        assertEquals(commits.get("two"), build.path("commit").asText(), build.toPrettyString());
        assertEquals("push", build.path("trigger").asText(), build.toPrettyString());
        assertEquals("main", build.path("branch").asText(), build.toPrettyString());
        assertEquals("Zoë Example", build.at("/author/name").asText(), build.toPrettyString());
        assertEquals("Show commit two " + run, build.path("message").asText(), build.toPrettyString());
        // Every stage with its times, in pipeline order, each finished after it started.
        List<String> stages = new ArrayList<>();
        for (JsonNode stage : build.path("stages")) {
            stages.add(stage.path("stage").asText() + (stage.hasNonNull("environment") ? ":" + stage.path("environment").asText() : ""));
            assertEquals("succeeded", stage.path("state").asText(), stage.toPrettyString());
            Instant started = Instant.parse(stage.path("startedAt").asText());
            Instant finished = Instant.parse(stage.path("finishedAt").asText());
            assertTrue(!finished.isBefore(started), stage.toPrettyString());
            assertTrue(stage.path("durationSeconds").asDouble() >= 0, stage.toPrettyString());
        }
        assertEquals(List.of("artifact", "image"), stages.subList(0, 2), build.toPrettyString());
        assertTrue(stages.containsAll(List.of("deploy:review", "deploy:production")), build.toPrettyString());
        assertEquals(image.image().digest().toString(), build.at("/image/digest").asText(), build.toPrettyString());
        assertTrue(build.at("/artifact/sha256").asText().startsWith("sha256:"), build.toPrettyString());
        URI review = awaitRunning(helloPlan, "review", 2);
        assertTrue(urlsOf(build).contains(review.toString()), "the build's review URL " + review + ": " + build.toPrettyString());
        // The build log is one link away.
        HttpAnswer log = get(URI.create(build.at("/links/log").asText()), Role.VIEWER);
        assertEquals(200, log.status(), build.at("/links/log").asText());
        assertTrue(!log.body().isBlank(), "the image build log is not empty");
        // The timeline tells it in order, from the push to the last deployment.
        List<String> types = new ArrayList<>();
        Instant previous = Instant.EPOCH;
        for (JsonNode entry : build.path("timeline")) {
            types.add(entry.path("type").asText());
            Instant time = Instant.parse(entry.path("time").asText());
            assertTrue(!time.isBefore(previous), "the timeline is in order: " + build.path("timeline").toPrettyString());
            previous = time;
        }
        assertEquals("commit-received", types.get(0), types.toString());
        assertTrue(types.containsAll(List.of("stage-progressed", "artifact-stored", "image-built", "deploy-requested", "deployment-finished")),
                types.toString());

        // Build 1 was rolled back to in production: its story says so, and the plan shows it there.
        JsonNode first = awaitStatus("/plans/" + helloPlan + "/builds/1",
                b -> deployEntries(b).stream().anyMatch(d -> "rollback".equals(d.path("detail").asText())
                        && "production".equals(d.path("environment").asText()) && "succeeded".equals(d.path("state").asText())));
        assertEquals(commits.get("one"), first.path("commit").asText(), first.toPrettyString());
        JsonNode plan = awaitStatus("/plans/" + helloPlan, p -> environment(p, "production").path("build").asLong() == 1);
        assertEquals(awaitStable(helloPlan, "production", 1).toString(), environment(plan, "production").path("url").asText(),
                plan.toPrettyString());
    }

    @Test
    @Order(9)
    void theCliShowsPlansBuildsAndOneBuildAndSaysWhatIsWrong() throws Exception {
        SlipwayCli.Result plans = cli.run(Duration.ofMinutes(1), "plans");
        assertEquals(0, plans.exitCode(), plans.toString());
        assertTrue(plans.stdout().contains(helloPlan) && plans.stdout().contains(gitlabPlan), plans.toString());

        SlipwayCli.Result builds = cli.run(Duration.ofMinutes(1), "builds", helloPlan);
        assertEquals(0, builds.exitCode(), builds.toString());
        assertTrue(builds.stdout().contains(commits.get("two").substring(0, 7)) && builds.stdout().contains(commits.get("one").substring(0, 7)),
                builds.toString());

        URI review = awaitRunning(helloPlan, "review", 2);
        SlipwayCli.Result show = cli.run(Duration.ofMinutes(1), "show", helloPlan, "2");
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.stdout().contains(review.toString()), show.toString());
        assertTrue(show.stdout().contains("served"), show.toString());
        save("slipway-show.txt", "$ slipway show " + helloPlan + " 2\n" + show.stdout());

        SlipwayCli.Result json = cli.run(Duration.ofMinutes(1), "show", helloPlan, "2", "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertEquals(2, dev.slipway.events.kafka.EventCodec.json().readTree(json.stdout()).path("number").asLong(), json.toString());

        SlipwayCli.Result unknown = cli.run(Duration.ofMinutes(1), "show", helloPlan, "99");
        assertEquals(5, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().contains("99"), unknown.toString());

        SlipwayCli.Result viewer = cli.withToken(TestTokens.of(Role.VIEWER)).run(Duration.ofMinutes(1),
                "rollback", helloPlan, "1", "--env", "review");
        assertEquals(4, viewer.exitCode(), viewer.toString());
        assertTrue(viewer.stderr().contains("operator"), viewer.toString());

        SlipwayCli.Result down = cli.withService("status", URI.create("http://127.0.0.1:" + FreePorts.next()))
                .run(Duration.ofMinutes(1), "plans");
        assertEquals(3, down.exitCode(), down.toString());
        assertTrue(down.stderr().contains("status-service"), down.toString());
    }

    @Test
    @Order(10)
    void aPushFollowedWithSlipwayWatchEndsAtTheUrlWhereItIsServed() throws Exception {
        String marker = "commit three " + run;
        commits.put("three", hello.commitSite(marker));
        HttpAnswer answer = Webhooks.sendGithub(services.get("webhook").url("/webhooks/github"), "push",
                Webhooks.githubPush(git.url("hello.git"), "slipway/hello", "main", commits.get("two"), commits.get("three"), "Show " + marker),
                GITHUB_SECRET);
        assertEquals(202, answer.status(), answer.body());

        SlipwayCli.Result watch = cli.run(BUILD_TIMEOUT, "watch", helloPlan, commits.get("three"), "--timeout", "4m");
        save("slipway-watch.txt", "$ slipway watch " + helloPlan + " " + commits.get("three").substring(0, 7) + "\n" + watch.output());
        assertEquals(0, watch.exitCode(), watch + "\n" + logs());
        for (String stage : List.of("artifact", "image", "deploy")) {
            assertTrue(watch.stdout().contains(stage), "watch shows the " + stage + " stage: " + watch);
        }
        // It ends with the URL of the first environment that serves the build: review's or production's.
        String last = watch.stdout().strip().lines().reduce((first, second) -> second).orElse("");
        assertTrue(last.startsWith("served at http://"), watch.toString());
        URI served = URI.create(last.substring("served at ".length()).strip());
        assertTrue(List.of(awaitRunning(helloPlan, "review", 3), awaitStable(helloPlan, "production", 3)).contains(served),
                served + " is where the deploy API says build 3 runs: " + watch);
        assertServes(served, marker);
    }

    @Test
    @Order(11)
    void aBrokenDescriptorIsAVisibleFailedBuildWithItsReason() throws Exception {
        // Marathon's own spelling of memory, which Slipway's descriptor does not take.
        String commit = broken.commitSiteWithDescriptor("broken " + run,
                descriptor -> descriptor.replace("\"memory\": \"32m\"", "\"mem\": 64"));
        HttpAnswer answer = Webhooks.sendGithub(services.get("webhook").url("/webhooks/github"), "push",
                Webhooks.githubPush(git.url("broken.git"), "slipway/broken", "main", "0".repeat(40), commit, "broken"),
                GITHUB_SECRET);
        assertEquals(202, answer.status(), answer.body());

        JsonNode failed = awaitStatus("/plans/" + brokenPlan + "/builds/" + commit, b -> "failed".equals(b.path("state").asText()));
        assertEquals("artifact", failed.path("failedStage").asText(), failed.toPrettyString());
        assertTrue(failed.path("reason").asText().contains("mem"), failed.toPrettyString());
        assertTrue(failed.path("number").isNull(), "it never got a build number: " + failed.toPrettyString());

        SlipwayCli.Result show = cli.run(Duration.ofMinutes(1), "show", brokenPlan, commit.substring(0, 10));
        save("slipway-show-failed.txt", "$ slipway show " + brokenPlan + " " + commit.substring(0, 10) + "\n" + show.output());
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.stdout().contains("failed at artifact") && show.stdout().contains(failed.path("reason").asText().lines().findFirst().orElseThrow()),
                show.toString());

        SlipwayCli.Result watch = cli.run(Duration.ofMinutes(1), "watch", brokenPlan, commit, "--timeout", "30s");
        assertEquals(1, watch.exitCode(), watch.toString());
        assertTrue(watch.output().contains("failed at artifact"), watch.toString());
    }

    @Test
    @Order(12)
    void aStoppedStageShowsItsLagGrowInSlipwayLagAndPrometheusThenFallAfterItsRestart() throws Exception {
        pipeline.stop("image");
        List<String> waiting = new ArrayList<>();
        String before = commits.get("three");
        for (String name : List.of("four", "five")) {
            String marker = "commit " + name + " " + run;
            commits.put(name, hello.commitSite(marker));
            HttpAnswer answer = Webhooks.sendGithub(services.get("webhook").url("/webhooks/github"), "push",
                    Webhooks.githubPush(git.url("hello.git"), "slipway/hello", "main", before, commits.get(name), "Show " + marker),
                    GITHUB_SECRET);
            assertEquals(202, answer.status(), answer.body());
            before = commits.get(name);
            waiting.add(marker);
        }
        // Both commits are archived, and wait for the image stage, which is not there to take them.
        await("image stage lag 2 in slipway lag").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> imageLag() >= 2);
        SlipwayCli.Result table = cli.run(Duration.ofMinutes(1), "lag");
        assertEquals(0, table.exitCode(), table.toString());
        save("slipway-lag-stopped.txt", "$ slipway lag   # image-service stopped, two commits pushed\n" + table.stdout());
        assertTrue(table.stdout().lines().anyMatch(line -> line.startsWith("image") && line.contains(" 2 ")), table.toString());
        String prometheus = HttpAnswer.get(services.get("status").url("/prometheus")).body();
        assertTrue(prometheus.lines().anyMatch(line -> line.startsWith("slipway_stage_lag{") && line.contains("stage=\"image\"")
                && line.contains("topic=\"" + Topics.ARTIFACT_STORED + "\"") && line.endsWith(" 2.0")), prometheus);

        pipeline.restart("image");
        await("image stage lag back to 0").atMost(BUILD_TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> imageLag() == 0);
        SlipwayCli.Result after = cli.run(Duration.ofMinutes(1), "lag");
        save("slipway-lag-restarted.txt", "$ slipway lag   # after image-service restarted\n" + after.stdout());
        assertTrue(after.stdout().lines().anyMatch(line -> line.startsWith("image")), after.toString());
        await("prometheus lag 0").atMost(Duration.ofSeconds(30)).until(() -> HttpAnswer.get(services.get("status").url("/prometheus")).body()
                .lines().anyMatch(line -> line.startsWith("slipway_stage_lag{") && line.contains("stage=\"image\"") && line.endsWith(" 0.0")));
        assertServes(awaitRunning(helloPlan, "review", 5), waiting.get(1));
    }

    private long imageLag() throws Exception {
        SlipwayCli.Result lag = cli.run(Duration.ofMinutes(1), "lag", "--json");
        assertEquals(0, lag.exitCode(), lag.toString());
        for (JsonNode stage : dev.slipway.events.kafka.EventCodec.json().readTree(lag.stdout()).path("stages")) {
            if ("image".equals(stage.path("stage").asText())) {
                return stage.path("lag").asLong();
            }
        }
        throw new AssertionError("no image stage in " + lag.stdout());
    }

    @Test
    @Order(13)
    void aPullRequestIsPreviewedAtItsOwnUrlUpdatedInPlaceAndRemovedWhenItMerges() throws Exception {
        ExampleRepository repository = pipeline.repository("pr");
        String plan = pipeline.plan("pr");
        String cloneUrl = git.url("slipway/preview.git");
        URI github = services.get("webhook").url("/webhooks/github");
        repository.commitSite("main of " + run);
        String first = repository.commitSiteOnBranch("feature/greeting", "preview one " + run);

        HttpAnswer opened = Webhooks.sendGithub(github, "pull_request", Webhooks.githubPullRequest("opened", 5, cloneUrl,
                "slipway/preview", "feature/greeting", first, "main", false, null), GITHUB_SECRET);
        assertEquals(202, opened.status(), opened.body());
        URI preview = awaitStable(plan, "pr-5", 1);
        assertServes(preview, "preview one " + run);
        JsonNode deployments = getJson(services.get("deploy").url("/deployments/" + plan));
        assertEquals("preview", environment(deployments, "pr-5").path("kind").asText(), deployments.toString());
        assertTrue(environment(deployments, "production").isMissingNode() && environment(deployments, "review").isMissingNode(),
                "a pull request's build never reaches the plan's own environments: " + deployments);

        // New commits on the pull request update its preview in place: the same URL serves the new head.
        String second = repository.commitSiteOnBranch("feature/greeting", "preview two " + run);
        HttpAnswer synchronize = Webhooks.sendGithub(github, "pull_request", Webhooks.githubPullRequest("synchronize", 5, cloneUrl,
                "slipway/preview", "feature/greeting", second, "main", false, null), GITHUB_SECRET);
        assertEquals(202, synchronize.status(), synchronize.body());
        assertEquals(preview, awaitStable(plan, "pr-5", 2), "the preview keeps its URL across the pull request's commits");
        assertServes(preview, "preview two " + run);

        JsonNode build = awaitStatus("/plans/" + plan + "/builds/2", b -> "served".equals(b.path("state").asText()));
        assertEquals("pull-request", build.path("trigger").asText(), build.toString());

        // The Git host was told: pending, then success with the preview's URL, each linking to the build's page.
        List<GitHubStatuses.Status> statuses = await("GitHub hears how the preview went").atMost(Duration.ofSeconds(60))
                .until(() -> pipeline.githubStatuses().received().stream().filter(s -> s.sha().equals(second)).toList(),
                        list -> list.stream().anyMatch(s -> s.context().equals("slipway/" + plan + "/pr-5") && s.state().equals("success")));
        assertTrue(pipeline.githubStatuses().refused().isEmpty(), "every status had GitHub's shape: " + pipeline.githubStatuses().refused());
        GitHubStatuses.Status success = statuses.stream()
                .filter(s -> s.context().equals("slipway/" + plan + "/pr-5") && s.state().equals("success")).findFirst().orElseThrow();
        assertEquals("slipway/preview", success.repository());
        assertTrue(success.description().contains(preview.toString()), "the success names the preview's URL: " + success);
        assertEquals(services.get("status").url("/ui/plans/" + plan + "/builds/2").toString(), success.targetUrl());
        assertTrue(statuses.stream().anyMatch(s -> s.state().equals("pending")), "a pending status came first: " + statuses);
        assertTrue(statuses.indexOf(success) > statuses.stream().map(GitHubStatuses.Status::state).toList().indexOf("pending"),
                "pending before success: " + statuses);

        // Merged: the preview is taken down, and its build's story says so.
        HttpAnswer merged = Webhooks.sendGithub(github, "pull_request", Webhooks.githubPullRequest("closed", 5, cloneUrl,
                "slipway/preview", "feature/greeting", second, "main", true, second), GITHUB_SECRET);
        assertEquals(202, merged.status(), merged.body());
        DeploymentFinished removed = lastOf(Topics.DEPLOYMENT_FINISHED, DeploymentFinished.class, plan,
                e -> e.environment().value().equals("pr-5") && e.state() == DeploymentState.REMOVED, BUILD_TIMEOUT);
        assertEquals(2, removed.build().number().value());
        await("the preview's URL stops serving it").atMost(Duration.ofSeconds(30)).until(() -> !serves(preview, "preview two " + run));
        JsonNode timeline = awaitStatus("/plans/" + plan + "/builds/2",
                b -> b.toString().contains("pull request #5 was merged; its preview pr-5 was removed"));
        assertTrue(timeline.toString().contains("pr-5"), timeline.toString());
    }

    /** Waits until status-service answers {@code path} with what {@code ready} wants; returns that answer. */
    private JsonNode awaitStatus(String path, java.util.function.Predicate<JsonNode> ready) {
        AtomicReference<String> last = new AtomicReference<>();
        try {
            return await("status-service: " + path).atMost(BUILD_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpAnswer answer = get(services.get("status").url(path), Role.VIEWER);
                last.set(answer.status() + " " + answer.body());
                return answer.status() == 200 ? answer.json() : null;
            }, json -> json != null && ready.test(json));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("status-service never answered " + path + " as expected; last: " + last.get() + "\n" + logs(), e);
        }
    }

    private static List<JsonNode> deployEntries(JsonNode build) {
        List<JsonNode> entries = new ArrayList<>();
        build.path("stages").forEach(stage -> {
            if ("deploy".equals(stage.path("stage").asText())) {
                entries.add(stage);
            }
        });
        return entries;
    }

    private static List<String> urlsOf(JsonNode build) {
        List<String> urls = new ArrayList<>();
        build.path("environments").forEach(env -> urls.add(env.path("url").asText()));
        return urls;
    }

    private static JsonNode environment(JsonNode plan, String name) {
        for (JsonNode env : plan.path("environments")) {
            if (name.equals(env.path("environment").asText())) {
                return env;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** What a command printed, kept under target/ for a person (and the closing note) to read. */
    private static void save(String name, String text) throws IOException {
        Path dir = Files.createDirectories(ROOT.resolve("e2e-tests/target/transcripts"));
        Files.writeString(dir.resolve(name), text);
    }

    // --- what a user looks at -------------------------------------------------------------------

    /** Waits until the deploy API says this build runs in a per-build environment; returns its URL. */
    private URI awaitRunning(String plan, String environment, long build) throws Exception {
        return awaitDeployment(plan, environment, build, true);
    }

    /** Waits until the stable environment runs this build; returns its URL. */
    private URI awaitStable(String plan, String environment, long build) throws Exception {
        return awaitDeployment(plan, environment, build, false);
    }

    private URI awaitDeployment(String plan, String environment, long build, boolean perBuild) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return await("build " + build + " of " + plan + " running in " + environment).atMost(BUILD_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        HttpAnswer answer = get(services.get("deploy").url("/deployments/" + plan), Role.VIEWER);
                        Optional<URI> url = Optional.empty();
                        if (answer.status() == 200) {
                            last.set(answer.json());
                            url = runningUrl(last.get(), environment, build, perBuild);
                        }
                        if (url.isEmpty()) {
                            failIfAStageGaveUp(plan);
                        }
                        return url;
                    }, Optional::isPresent).orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("build " + build + " of " + plan + " is not running in " + environment + " after " + BUILD_TIMEOUT
                    + "; deploy API says " + last.get() + "\n" + logs(), e);
        }
    }

    private static Optional<URI> runningUrl(JsonNode status, String environment, long build, boolean perBuild) {
        for (JsonNode env : status.path("environments")) {
            if (!environment.equals(env.path("environment").asText())) {
                continue;
            }
            if (perBuild) {
                for (JsonNode b : env.path("builds")) {
                    if (b.path("build").asLong() == build && "running".equals(b.path("state").asText()) && b.hasNonNull("url")) {
                        return Optional.of(URI.create(b.path("url").asText()));
                    }
                }
            } else if (env.path("build").asLong() == build && "running".equals(env.path("state").asText()) && env.hasNonNull("url")) {
                return Optional.of(URI.create(env.path("url").asText()));
            }
        }
        return Optional.empty();
    }

    private void failIfAStageGaveUp(String plan) {
        List<ConsumerRecord<String, byte[]>> failures = topics.get(Topics.STAGE_FAILED).drain(plan, Duration.ofMillis(100));
        if (!failures.isEmpty()) {
            throw new AssertionError("a stage gave up: " + EventCodec.fromRecord(failures.get(0)) + "\n" + logs());
        }
    }

    private static boolean serves(URI url, String marker) {
        try {
            HttpAnswer page = HttpAnswer.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)));
            return page.status() == 200 && page.body().contains(marker);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void assertServes(URI url, String marker) {
        HttpAnswer page = HttpAnswer.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)));
        assertEquals(200, page.status(), url.toString());
        assertTrue(page.body().contains(marker), url + " serves '" + marker + "': " + page.body());
    }

    private <T extends PipelineEvent> List<T> events(String topic, Class<T> type, int count, Duration wait) {
        return topics.get(topic).await(helloPlan, count, wait).stream().map(r -> EventCodec.fromRecord(r, type)).toList();
    }

    /** Prints the time from webhook to served page, and each stage's share, from the events' own times. */
    private void report(String what, Instant sent, String plan, String commitSha, long build, Duration total) {
        Duration wait = Duration.ofSeconds(30);
        CommitReceived commit = lastOf(Topics.COMMIT_RECEIVED, CommitReceived.class, plan, e -> e.commit().value().equals(commitSha), wait);
        ArtifactStored artifact = lastOf(Topics.ARTIFACT_STORED, ArtifactStored.class, plan, e -> e.build().number().value() == build, wait);
        ImageBuilt image = lastOf(Topics.IMAGE_BUILT, ImageBuilt.class, plan, e -> e.build().number().value() == build, wait);
        DeploymentFinished deployed = lastOf(Topics.DEPLOYMENT_FINISHED, DeploymentFinished.class, plan,
                e -> e.build().number().value() == build && e.environment().value().equals("review"), wait);
        System.out.printf("%n[e2e] %s of %s: webhook -> page served in %d ms%n", what, plan, total.toMillis());
        System.out.printf("[e2e]   webhook accepted (CommitReceived)   +%6d ms%n", Duration.between(sent, commit.time()).toMillis());
        System.out.printf("[e2e]   fetch + archive (ArtifactStored)    +%6d ms%n", Duration.between(commit.time(), artifact.time()).toMillis());
        System.out.printf("[e2e]   build + test + push (ImageBuilt)    +%6d ms%n", Duration.between(artifact.time(), image.time()).toMillis());
        System.out.printf("[e2e]   deploy + healthy (DeploymentFinished)+%6d ms%n%n", Duration.between(image.time(), deployed.time()).toMillis());
    }

    private <T extends PipelineEvent> T lastOf(String topic, Class<T> type, String plan, java.util.function.Predicate<T> match, Duration wait) {
        List<T> all = topics.get(topic).await(r -> plan.equals(r.key()) && match.test(EventCodec.fromRecord(r, type)), 1, wait)
                .stream().map(r -> EventCodec.fromRecord(r, type)).toList();
        return all.get(all.size() - 1);
    }

    /** A call to a Slipway API with the test's token of {@code role}. */
    private static HttpAnswer get(URI uri, Role role) {
        return HttpAnswer.get(uri, "Authorization", "Bearer " + TestTokens.of(role));
    }

    private static JsonNode getJson(URI uri) {
        HttpAnswer response = get(uri, Role.VIEWER);
        assertEquals(200, response.status(), uri + ": " + response.body());
        return response.json();
    }

    private static HttpAnswer post(URI uri, String json) {
        return HttpAnswer.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.of(Role.OPERATOR))
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String logs() {
        return pipeline.logs();
    }
}
