package dev.slipway.deploy.targets.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.Topics;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Marathon target against {@link MarathonDouble}, a stand-in for Marathon's documented v2 API
 * (Marathon and Mesos cannot be installed here). The rest is real: broker, service, HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarathonDeploymentTest {
    private static final Duration DEPLOYED = Duration.ofSeconds(30);
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("slipway:s3cret".getBytes(StandardCharsets.UTF_8));
    private static final String TOKEN = "token=eyJhbGciOiJSUzI1NiJ9.test.signature";
    private static final double AGENT_CPUS = 2;
    private static final double AGENT_MEM = 2048;

    private MarathonDouble marathon;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        marathon = new MarathonDouble(AGENT_CPUS, AGENT_MEM, Set.of(BASIC, TOKEN));
        String url = marathon.url().toString();
        service = RunningDeployService.start(Map.ofEntries(
                Map.entry("slipway.deploy.targets.marathon.type", "marathon"),
                Map.entry("slipway.deploy.targets.marathon.url", url),
                Map.entry("slipway.deploy.targets.marathon.username", "slipway"),
                Map.entry("slipway.deploy.targets.marathon.password", "s3cret"),
                Map.entry("slipway.deploy.targets.marathon.url-template", "http://{host}:{port}/"),
                Map.entry("slipway.deploy.targets.dcos.type", "marathon"),
                Map.entry("slipway.deploy.targets.dcos.url", url),
                Map.entry("slipway.deploy.targets.dcos.token", TOKEN.substring("token=".length())),
                Map.entry("slipway.deploy.environments.staging.kind", "stable"),
                Map.entry("slipway.deploy.environments.staging.target", "marathon"),
                Map.entry("slipway.deploy.environments.staging.plans", List.of("marathon-web-*", "marathon-queue-*")),
                Map.entry("slipway.deploy.environments.tight.kind", "stable"),
                Map.entry("slipway.deploy.environments.tight.target", "marathon"),
                Map.entry("slipway.deploy.environments.tight.wait-deadline", "3s"),
                Map.entry("slipway.deploy.environments.tight.plans", List.of("marathon-deadline-*")),
                Map.entry("slipway.deploy.environments.production.kind", "stable"),
                Map.entry("slipway.deploy.environments.production.target", "marathon"),
                Map.entry("slipway.deploy.environments.production.health-timeout", "2s"),
                Map.entry("slipway.deploy.environments.production.plans", List.of("marathon-upgrade-*")),
                Map.entry("slipway.deploy.environments.previews.kind", "preview"),
                Map.entry("slipway.deploy.environments.previews.target", "marathon"),
                Map.entry("slipway.deploy.environments.previews.plans", List.of("marathon-preview-*")),
                Map.entry("slipway.deploy.environments.review.kind", "per-build"),
                Map.entry("slipway.deploy.environments.review.target", "dcos"),
                Map.entry("slipway.deploy.environments.review.plans", List.of("marathon-token-*"))));
    }

    @AfterEach
    void freshCluster() {
        marathon.reset(AGENT_CPUS, AGENT_MEM);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        marathon.close();
    }

    @Test
    void theAppDefinitionHasTheDocumentedShapeAndTheAppRunsAtTheTemplatesUrl() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-web");
        ImageBuilt built = imageBuilt(plan, 1, new Resources(0.5, 64, 10, 1));
        String appId = "/slipway/" + plan + "/staging";

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(built);
            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state());
            assertEquals("marathon", running.target());
            assertEquals(appId, running.appId());
            assertEquals("marathon task of " + built.image().byDigest() + "\n", HttpAnswer.get(running.url()).body(),
                    "the URL from the template reaches the task Marathon started");
        }

        MarathonDouble.Request put = marathon.requests().stream()
                .filter(r -> r.method().equals("PUT") && r.path().equals("/v2/apps" + appId))
                .findFirst().orElseThrow();
        assertEquals(BASIC, put.authorization(), "basic auth from username and password");
        JsonNode app = put.body();
        assertEquals(appId, app.path("id").asText());
        assertEquals(0.5, app.path("cpus").asDouble());
        assertEquals(64, app.path("mem").asInt());
        assertEquals(10, app.path("disk").asInt());
        assertEquals(1, app.path("instances").asInt());
        assertEquals("DOCKER", app.path("container").path("type").asText());
        assertEquals(built.image().byDigest(), app.path("container").path("docker").path("image").asText(), "pinned by digest");
        JsonNode mapping = app.path("container").path("portMappings").path(0);
        assertEquals(8080, mapping.path("containerPort").asInt());
        assertEquals(0, mapping.path("hostPort").asInt(), "Marathon picks the host port from the offer");
        assertEquals("tcp", mapping.path("protocol").asText());
        assertEquals("container/bridge", app.path("networks").path(0).path("mode").asText());
        JsonNode health = app.path("healthChecks").path(0);
        assertEquals("HTTP", health.path("protocol").asText());
        assertEquals("/healthz", health.path("path").asText(), "the path comes from the descriptor");
        assertEquals(0, health.path("portIndex").asInt());
        assertEquals(plan.value(), app.path("labels").path("dev.slipway.plan").asText());
        assertEquals("1", app.path("labels").path("dev.slipway.build").asText());
        assertEquals("hello", app.path("env").path("GREETING").asText());
    }

    @Test
    void aQueuedAppIsReportedWaitingWithMarathonsRejectReasonOncePerReasonAndRunsWhenResourcesFree() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-queue");
        EnvironmentName staging = EnvironmentName.of("staging");

        try (TopicReader requested = TopicReader.fromNow(Topics.DEPLOY_REQUESTED);
             TopicReader progress = TopicReader.fromNow(Topics.STAGE_PROGRESSED);
             TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            ImageBuilt built = imageBuilt(plan, 1, new Resources(3, 64, 0, 1));
            service.publish(built);

            JsonNode waiting = service.awaitEnvironment(plan, staging, e -> e.path("state").asText().equals("waiting"), DEPLOYED);
            assertTrue(waiting.path("reason").asText().startsWith("InsufficientCpus (declined "),
                    "the agent has 2 CPUs and the app asks for 3: " + waiting);
            awaitPollsOfTheQueue(3);

            // Another framework takes memory as CPUs free up: a second reason to wait.
            marathon.setAgentResources(8, 32);
            service.awaitEnvironment(plan, staging, e -> e.path("reason").asText().contains("InsufficientMemory (declined "), DEPLOYED);
            awaitPollsOfTheQueue(3);

            marathon.setAgentResources(8, 8192);
            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state());

            DeployRequested request = EventCodec.fromRecord(requested.await(plan.value(), 1, DEPLOYED).get(0), DeployRequested.class);
            List<ConsumerRecord<String, byte[]>> records = progress.drain(plan.value(), Duration.ofSeconds(1)).stream()
                    .filter(service.service().emitted(plan)).toList();
            List<StageProgressed> reports = records.stream().map(r -> EventCodec.fromRecord(r, StageProgressed.class)).toList();
            assertEquals(List.of(Progress.STARTED, Progress.WAITING, Progress.WAITING), reports.stream().map(StageProgressed::progress).toList(),
                    "a start, then one report per reason, however many polls each lasted: " + reports);
            assertEquals("automatic", reports.get(0).detail(), "why the deployment was requested");
            assertTrue(reports.get(1).detail().startsWith("InsufficientCpus (declined "), reports.get(1).detail());
            assertFalse(reports.get(1).detail().contains("InsufficientMemory"), reports.get(1).detail());
            assertTrue(reports.get(2).detail().contains("InsufficientMemory (declined "), reports.get(2).detail());
            for (StageProgressed report : reports) {
                assertEquals(Stage.DEPLOY, report.stage());
                assertEquals(staging, report.environment());
                assertEquals(built.build(), report.build());
                assertEquals(built.commit(), report.commit());
                assertEquals(request.eventId(), report.causationId(), "it is the DeployRequested the stage works on");
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                assertFalse(Instant.ofEpochMilli(record.timestamp()).isAfter(running.time()),
                        "published before the deployment's outcome was made: " + reports + " / " + running);
            }
        }
    }

    /** Waits until the service has read Marathon's queue {@code polls} more times: each is a chance to report again. */
    private void awaitPollsOfTheQueue(int polls) {
        long before = queueReads();
        await("the service polling the queue").atMost(DEPLOYED).until(() -> queueReads() >= before + polls);
    }

    private long queueReads() {
        return marathon.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals("/v2/queue")).count();
    }

    @Test
    void theDeadlineEndsAWaitingDeploymentWithAClearStageFailedAndCancelsIt() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-deadline");
        String appId = "/slipway/" + plan + "/tight";

        try (TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED);
             TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(imageBuilt(plan, 1, new Resources(3, 64, 0, 1)));

            StageFailed failure = EventCodec.fromRecord(failed.await(plan.value(), 1, DEPLOYED).get(0), StageFailed.class);
            assertEquals(Stage.DEPLOY, failure.stage());
            assertTrue(failure.reason().startsWith("still waiting for marathon to place " + appId + " after 3s: InsufficientCpus (declined "),
                    failure.reason());
            assertTrue(failure.retryable(), "resources may free up later");
            DeploymentFinished ended = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.FAILED, ended.state());
            assertEquals(failure.reason(), ended.reason());
        }
        assertTrue(marathon.requests().stream().anyMatch(r -> r.method().equals("DELETE") && r.path().startsWith("/v2/deployments/")),
                "the deployment is cancelled, so that Marathon does not start the app later behind our back");
        JsonNode shown = service.awaitEnvironment(plan, EnvironmentName.of("tight"), e -> true, DEPLOYED);
        assertEquals("failed", shown.path("state").asText());
    }

    @Test
    void aTokenTargetSendsTheTokenAndPerBuildAppsAreNamedByBuild() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-token");

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(imageBuilt(plan, 7, new Resources(0.25, 32, 0, 1)));
            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals("/slipway/" + plan + "/review-7", running.appId());
        }
        assertTrue(marathon.requests().stream()
                        .filter(r -> r.path().contains(plan.value()))
                        .allMatch(r -> TOKEN.equals(r.authorization())),
                "every request of the token target carries Authorization: token=...");
    }

    @Test
    void aMarathonWithoutLeaderIsRetriedWithBackoffAndTheDeploymentSucceeds() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-web");

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            marathon.unavailableFor(3);
            service.publish(imageBuilt(plan, 1, new Resources(0.25, 32, 0, 1)));
            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state(), "three 503s in a row are within the retry budget");
        }
    }

    @Test
    void aRedeliveredRequestIsDeployedOnce() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-web");
        ImageBuilt built = imageBuilt(plan, 1, new Resources(0.25, 32, 0, 1));
        DeployRequested request = TestEvents.deployRequested(built, EnvironmentName.of("staging"), DeployReason.PROMOTION);

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(request);
            service.publish(request);
            finished.await(plan.value(), 1, DEPLOYED);
            assertEquals(1, finished.drain(plan.value(), Duration.ofSeconds(3)).size(), "one DeploymentFinished");
        }
        long puts = marathon.requests().stream().filter(r -> r.method().equals("PUT") && r.path().contains(plan.value())).count();
        assertEquals(1, puts, "Marathon was asked once");
    }

    /**
     * Marathon answers with a redirect to another host (a proxy misconfigured, or one that an
     * attacker controls). The configured credentials belong to Marathon's own host: the other one
     * must never receive them, and the deployment fails saying where the redirect pointed.
     */
    @Test
    void aRedirectToAnotherHostIsNotFollowedAndTheCredentialsStayWithMarathon() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-web");
        List<String> elsewhereSaw = new CopyOnWriteArrayList<>();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Authorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        // "localhost", not 127.0.0.1: another host name, as a redirect to another machine would name.
        URI elsewhereUrl = URI.create("http://localhost:" + elsewhere.getAddress().getPort());
        try (TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            marathon.redirectTo(elsewhereUrl);
            service.publish(imageBuilt(plan, 1, new Resources(0.25, 32, 0, 1)));

            StageFailed failure = EventCodec.fromRecord(failed.await(plan.value(), 1, DEPLOYED).get(0), StageFailed.class);
            assertTrue(marathon.requests().stream().anyMatch(r -> r.path().contains(plan.value()) && BASIC.equals(r.authorization())),
                    "Marathon itself was asked, with the credentials");
            assertEquals(List.of(), elsewhereSaw, "the host the redirect pointed to received nothing, credentials least of all");
            assertTrue(failure.reason().contains("answered 307 with a redirect to " + elsewhereUrl), failure.reason());
            assertTrue(failure.reason().contains("redirects are not followed, so that the credentials go to " + marathon.url() + " only"),
                    failure.reason());
            assertFalse(failure.reason().contains("s3cret"), failure.reason());
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void aPullRequestsPreviewIsAnAppOfItsOwnAndIsDeletedWhenThePullRequestCloses() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-preview");
        ImageBuilt branch = imageBuilt(plan, 1, new Resources(0.25, 64, 0, 1));
        ImageBuilt preview = new ImageBuilt(branch.eventId(), branch.causationId(), branch.time(), branch.build(), branch.commit(),
                branch.image(), branch.tags(), branch.descriptor(), SampleEvents.pullRequest(9).requestedAt(Instant.now()));
        String appId = "/slipway/" + plan + "/pr-9";

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(preview);
            DeploymentFinished running = finishedFor(finished, plan, 1);
            assertEquals(DeploymentState.RUNNING, running.state(), String.valueOf(running.reason()));
            assertEquals(EnvironmentName.of("pr-9"), running.environment());
            assertEquals(appId, running.appId(), "the preview is a Marathon app of its own");
            assertEquals("marathon task of " + preview.image().byDigest() + "\n", HttpAnswer.get(running.url()).body());

            service.publish(SampleEvents.pullRequestClosed(plan, 9, dev.slipway.events.domain.PullRequestOutcome.DECLINED));
            DeploymentFinished removed = EventCodec.fromRecord(finished.await(r -> plan.value().equals(r.key())
                    && EventCodec.fromRecord(r, DeploymentFinished.class).state() == DeploymentState.REMOVED, 1, DEPLOYED).get(0),
                    DeploymentFinished.class);
            assertEquals("pull request #9 was declined; its preview pr-9 was removed", removed.reason());
        }
        assertTrue(marathon.requests().stream().anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/v2/apps" + appId)),
                "the preview's app was deleted from Marathon");
    }

    @Test
    void anUpgradeKeepsFullCapacityWithHealthChecksAndANeverHealthyVersionIsRolledBack() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("marathon-upgrade");
        ImageBuilt first = imageBuilt(plan, 1, new Resources(0.5, 64, 0, 1));
        ImageBuilt second = imageBuilt(plan, 2, new Resources(0.5, 64, 0, 1));
        ImageBuilt third = imageBuilt(plan, 3, new Resources(0.5, 64, 0, 1));
        String appId = "/slipway/" + plan + "/production";
        marathon.failHealthChecksOf(third.image().byDigest());

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(first);
            assertEquals(DeploymentState.RUNNING, finishedFor(finished, plan, 1).state());
            service.publish(second);
            DeploymentFinished two = finishedFor(finished, plan, 2);
            assertEquals(DeploymentState.RUNNING, two.state(), String.valueOf(two.reason()));
            String secondPage = "marathon task of " + second.image().byDigest() + "\n";
            assertEquals(secondPage, HttpAnswer.get(two.url()).body());

            JsonNode upgrade = marathon.requests().stream()
                    .filter(r -> r.method().equals("PUT") && r.path().equals("/v2/apps" + appId)
                            && r.body().path("labels").path("dev.slipway.build").asText().equals("2"))
                    .findFirst().orElseThrow().body();
            assertEquals(1.0, upgrade.path("upgradeStrategy").path("minimumHealthCapacity").asDouble(),
                    "every old task runs until the new ones are healthy");
            assertEquals(1.0, upgrade.path("upgradeStrategy").path("maximumOverCapacity").asDouble());
            assertEquals("/healthz", upgrade.path("healthChecks").path(0).path("path").asText());

            service.publish(third);
            DeploymentFinished three = finishedFor(finished, plan, 3);
            assertEquals(DeploymentState.ROLLED_BACK, three.state(), String.valueOf(three.reason()));
            assertTrue(three.reason().contains("health check failed for 2s") && three.reason().contains("answered 503"), three.reason());
            assertEquals(secondPage, HttpAnswer.get(three.url()).body(), "the outcome names where build 2 still serves");
            assertTrue(marathon.requests().stream().anyMatch(r -> r.method().equals("DELETE") && r.path().startsWith("/v2/deployments/")),
                    "the upgrade's deployment is deleted, which makes Marathon roll back");
            JsonNode app = HttpAnswer.get(URI.create(marathon.url() + "/v2/apps" + appId), "Authorization", BASIC).json().path("app");
            assertEquals(second.image().byDigest(), app.path("container").path("docker").path("image").asText(),
                    "Marathon is back on build 2's version");
            assertEquals(1, app.path("tasks").size(), "build 3's task is gone");
        }
    }

    private static DeploymentFinished finishedFor(TopicReader finished, PlanName plan, long build) {
        return finished.await(r -> plan.value().equals(r.key())
                        && EventCodec.fromRecord(r, DeploymentFinished.class).build().number().value() == build, 1, DEPLOYED).stream()
                .map(r -> EventCodec.fromRecord(r, DeploymentFinished.class))
                .filter(f -> f.build().number().value() == build)
                .findFirst().orElseThrow();
    }

    /** Marathon pulls the image itself; the double only needs a well-formed, pinned reference. */
    private static ImageBuilt imageBuilt(PlanName plan, long number, Resources resources) {
        ImageReference image = ImageReference.of("127.0.0.1:5000", "slipway-deploy-test/" + plan, Long.toString(number))
                .withDigest(Digest.of("sha256:" + Long.toHexString(number).repeat(64).substring(0, 64)));
        BuildDescriptor descriptor = new BuildDescriptor("web", "1.0.0", Map.of("GREETING", "hello"), resources,
                8080, "/healthz", null, null, List.of(), null, null, "dependency.json");
        return TestEvents.imageBuilt(plan, number, image, descriptor);
    }
}
