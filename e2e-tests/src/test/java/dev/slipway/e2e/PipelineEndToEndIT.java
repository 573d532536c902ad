package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.GitDaemon;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.RunningService;
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
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline with real parts: a Git repository served by git's own daemon, the four
 * services as separate processes from their runnable jars, the stack's Kafka broker, Docker engine
 * and registry. Each step asserts on what a user sees: the HTTP answer of a webhook, the page at
 * the deployed URL, build numbers and states from the deploy API, and the events on each topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final Path ROOT = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("slipway.version", "0.1.0-SNAPSHOT");
    /** Small heaps and the quick compiler: four services and the stack share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final String GITHUB_SECRET = "e2e-github-" + UUID.randomUUID();
    private static final String GITLAB_TOKEN = "e2e-gitlab-" + UUID.randomUUID();

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String helloPlan = "e2e-" + run + "-hello";
    private final String gitlabPlan = "e2e-" + run + "-gl";
    private final String guardedPlan = "e2e-" + run + "-guarded";

    private Path work;
    private GitDaemon git;
    private ExampleRepository hello;
    private ExampleRepository gitlabRepo;
    private ExampleRepository guarded;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, TopicReader> topics = new LinkedHashMap<>();
    private final Map<String, String> commits = new HashMap<>();

    @BeforeAll
    void startThePipeline() throws Exception {
        work = Files.createTempDirectory("slipway-e2e-");
        Path served = Files.createDirectories(work.resolve("git"));
        hello = ExampleRepository.create(served, "hello.git", work.resolve("hello-work"), helloPlan);
        gitlabRepo = ExampleRepository.create(served, "team-site.git", work.resolve("gl-work"), gitlabPlan);
        guarded = ExampleRepository.create(served, "guarded.git", work.resolve("guarded-work"), guardedPlan);
        git = GitDaemon.serve(served);

        for (String topic : List.of(Topics.COMMIT_RECEIVED, Topics.ARTIFACT_STORED, Topics.IMAGE_BUILT,
                Topics.DEPLOY_REQUESTED, Topics.DEPLOYMENT_FINISHED, Topics.STAGE_FAILED)) {
            topics.put(topic, TopicReader.fromNow(topic));
        }
        // Each service's consumer group is new and starts at the end of its topics, so the run sees
        // only its own events, never what earlier runs left on the shared broker.
        String artifactGroup = "e2e-" + run + "-artifact";
        String imageGroup = "e2e-" + run + "-image";
        String deployGroup = "e2e-" + run + "-deploy";
        RunningService.startAtEnd(artifactGroup, PipelineConsumer.ARTIFACT_SERVICE.topics());
        RunningService.startAtEnd(imageGroup, PipelineConsumer.IMAGE_SERVICE.topics());
        RunningService.startAtEnd(deployGroup, PipelineConsumer.DEPLOY_SERVICE.topics());

        int webhookPort = FreePorts.next();
        int artifactPort = FreePorts.next();
        int imagePort = FreePorts.next();
        int deployPort = FreePorts.next();
        // Authentication on, as a user runs it: every service accepts the test's tokens (by their
        // hashes), image-service downloads archives with a viewer token, and every API call below
        // carries the token of the least role it needs.
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        TestTokens.properties().forEach((name, value) -> common.put(name, String.valueOf(value)));
        Path logs = work.resolve("logs");

        Map<String, String> webhook = new HashMap<>(common);
        webhook.put("slipway.plans." + helloPlan + ".repository", git.url("hello.git"));
        webhook.put("slipway.plans." + helloPlan + ".branches", "main");
        webhook.put("slipway.plans." + gitlabPlan + ".repository", git.url("team-site.git"));
        webhook.put("slipway.plans." + gitlabPlan + ".branches", "main");
        webhook.put("slipway.plans." + guardedPlan + ".repository", git.url("guarded.git"));
        webhook.put("slipway.plans." + guardedPlan + ".branches", "main");
        webhook.put("slipway.webhook.providers.github.secret", GITHUB_SECRET);
        webhook.put("slipway.webhook.providers.gitlab.secret", GITLAB_TOKEN);
        services.put("webhook", service("webhook-service", webhookPort, webhook, logs));

        Map<String, String> artifact = new HashMap<>(common);
        artifact.put(PipelineConsumer.ARTIFACT_SERVICE.property(), artifactGroup);
        artifact.put("slipway.artifact.public-base-url", "http://127.0.0.1:" + artifactPort);
        artifact.put("slipway.artifact.store.root", work.resolve("artifacts").toString());
        artifact.put("slipway.artifact.git.mirror-root", work.resolve("mirrors").toString());
        artifact.put("slipway.artifact.git.allowed", "git://127.0.0.1:" + git.port());
        services.put("artifact", service("artifact-service", artifactPort, artifact, logs));

        Map<String, String> image = new HashMap<>(common);
        image.put(PipelineConsumer.IMAGE_SERVICE.property(), imageGroup);
        image.put("slipway.image.builds.storage-directory", work.resolve("image/builds").toString());
        image.put("slipway.image.builds.work-directory", work.resolve("image/work").toString());
        image.put("slipway.image.artifacts.allowed-url-prefixes", "http://127.0.0.1:" + artifactPort + "/");
        image.put("slipway.image.registry.address", LocalStack.registry());
        image.put("slipway.image.artifacts.token", TestTokens.of(Role.VIEWER));
        image.put("slipway.image.builds.plan-pattern", "e2e-" + run + "-.*");
        services.put("image", service("image-service", imagePort, image, logs));

        Map<String, String> deploy = new HashMap<>(common);
        deploy.put(PipelineConsumer.DEPLOY_SERVICE.property(), deployGroup);
        deploy.put("slipway.deploy.state-dir", work.resolve("deploy").toString());
        deploy.put("slipway.deploy.environments.review.kind", "per-build");
        deploy.put("slipway.deploy.environments.review.keep", "3");
        deploy.put("slipway.deploy.environments.production.kind", "stable");
        services.put("deploy", service("deploy-service", deployPort, deploy, logs));

        for (ServiceProcess service : services.values()) {
            service.awaitHealthy(Duration.ofMinutes(2));
        }
    }

    @AfterAll
    void stopThePipeline() throws Exception {
        for (ServiceProcess service : services.values()) {
            service.close();
        }
        for (TopicReader reader : topics.values()) {
            reader.close();
        }
        if (git != null) {
            git.close();
        }
        for (ExampleRepository repository : new ExampleRepository[]{hello, gitlabRepo, guarded}) {
            if (repository != null) {
                repository.close();
            }
        }
        Containers.removeNamedAfter(helloPlan, gitlabPlan, guardedPlan);
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

    /** The module's packaged jar in its own JVM, as a user runs it. */
    private static ServiceProcess service(String module, int port, Map<String, String> properties, Path logs) throws IOException {
        return ServiceProcess.ofJar(ROOT, module, VERSION, JVM_OPTIONS, port, properties, logs);
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
        StringBuilder text = new StringBuilder();
        services.forEach((name, service) -> text.append("--- ").append(name).append(" ---\n").append(service.tail()).append('\n'));
        return text.toString();
    }
}
