package dev.slipway.deploy.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.targets.marathon.MarathonDouble;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /deployments} and {@code GET /deployments/{plan}} as a person or script uses them,
 * with the policy's bookkeeping behind them. Deployments go to the Marathon double, so that no
 * test here needs a cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentsApiTest {
    private static final Duration SOON = Duration.ofSeconds(30);

    private MarathonDouble marathon;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        marathon = new MarathonDouble(8, 8192, Set.of());
        Path stateDir = Files.createTempDirectory("deploy-api");
        Map<String, Object> properties = Map.ofEntries(
                Map.entry("slipway.deploy.targets.cluster.type", "marathon"),
                Map.entry("slipway.deploy.targets.cluster.url", marathon.url().toString()),
                Map.entry("slipway.deploy.environments.staging.kind", "stable"),
                Map.entry("slipway.deploy.environments.staging.target", "cluster"),
                Map.entry("slipway.deploy.environments.staging.auto-deploy", false),
                Map.entry("slipway.deploy.environments.staging.plans", List.of("api-*")),
                Map.entry("slipway.deploy.environments.review.kind", "per-build"),
                Map.entry("slipway.deploy.environments.review.target", "cluster"),
                Map.entry("slipway.deploy.environments.review.plans", List.of("api-auto-*")),
                Map.entry("slipway.deploy.environments.billing-only.target", "cluster"),
                Map.entry("slipway.deploy.environments.billing-only.auto-deploy", false),
                Map.entry("slipway.deploy.environments.billing-only.plans", List.of("billing")));
        service = RunningDeployService.start(properties, stateDir);
    }

    @AfterEach
    void freshCluster() {
        marathon.reset(8, 8192);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        marathon.close();
    }

    @Test
    void aRequestThatIsNotAJsonObjectWithValidFieldsIsRejectedWith400AndTheReason() {
        assertBadRequest("not json", "the body is not valid JSON");
        assertBadRequest("[1, 2]", "the body must be a JSON object");
        assertBadRequest("{\"buildNumber\": 1, \"environment\": \"staging\"}", "missing required field 'plan'");
        assertBadRequest("{\"plan\": \"Shop_Front\", \"buildNumber\": 1, \"environment\": \"staging\"}", "plan name 'Shop_Front' is invalid");
        assertBadRequest("{\"plan\": \"api-x\", \"buildNumber\": 0, \"environment\": \"staging\"}", "build number must be 1 or more");
        assertBadRequest("{\"plan\": \"api-x\", \"buildNumber\": \"7\", \"environment\": \"staging\"}", "field 'buildNumber' must be a whole number");
        assertBadRequest("{\"plan\": \"api-x\", \"buildNumber\": 1, \"environment\": \"../etc\"}", "environment name '../etc' is invalid");
        assertEquals(200, service.get("/health").status(), "the service stays up");
    }

    @Test
    void aBuildWithoutAnImageIs404() {
        PlanName plan = SampleEvents.uniquePlan("api");
        HttpAnswer response = request(plan, 41, "staging");
        assertEquals(404, response.status());
        assertEquals("build " + plan + "/41 has no image: no ImageBuilt for it has reached the deploy service",
                response.json().path("message").asText());
    }

    @Test
    void anEnvironmentThatIsNotConfiguredOrDoesNotTakeThePlanIs409() {
        PlanName plan = SampleEvents.uniquePlan("api");
        HttpAnswer unknown = request(plan, 1, "production");
        assertEquals(409, unknown.status());
        assertTrue(unknown.json().path("message").asText().startsWith("environment 'production' is not configured"), unknown.body());

        HttpAnswer notForThisPlan = request(plan, 1, "billing-only");
        assertEquals(409, notForThisPlan.status());
        assertEquals("environment 'billing-only' does not take plan '" + plan + "'; it takes billing",
                notForThisPlan.json().path("message").asText());
    }

    @Test
    void getForAPlanWithoutBuildsIs404AndForAnInvalidNameIs400() {
        assertEquals(404, service.get("/deployments/" + SampleEvents.uniquePlan("api")).status());
        HttpAnswer invalid = service.get("/deployments/Not_A_Plan");
        assertEquals(400, invalid.status());
        assertTrue(invalid.json().path("message").asText().contains("plan name 'Not_A_Plan' is invalid"), invalid.body());
    }

    @Test
    void aRememberedBuildCanBePromotedAfterARestartAndRunsThere() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("api");
        ImageBuilt built = imageBuilt(plan, 3);
        service.publish(built);
        awaitBuildKnown(plan);

        service.close();
        service = service.startAgain();

        try (TopicReader requests = TopicReader.fromNow(Topics.DEPLOY_REQUESTED);
             TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            HttpAnswer accepted = request(plan, 3, "staging");
            assertEquals(202, accepted.status(), accepted.body());
            assertEquals("promotion", accepted.json().path("reason").asText(), "staging has no older or newer build yet");

            DeployRequested request = EventCodec.fromRecord(requests.await(plan.value(), 1, SOON).get(0), DeployRequested.class);
            assertEquals(accepted.json().path("eventId").asText(), request.eventId().toString());
            assertEquals(built.image(), request.image(), "the image remembered before the restart");
            assertEquals(built.eventId(), request.causationId(), "traceable to the build's ImageBuilt");
            assertEquals(DeployReason.PROMOTION, request.reason());

            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, SOON).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state());
        }
        JsonNode shown = service.awaitEnvironment(plan, EnvironmentName.of("staging"), e -> e.path("state").asText().equals("running"), SOON);
        assertEquals(3, shown.path("build").asLong());
        assertEquals("stable", shown.path("kind").asText());
        assertEquals("promotion", shown.path("requestedAs").asText());
    }

    @Test
    void aDeploymentCutShortByARestartIsResumed() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("api");
        EnvironmentName staging = EnvironmentName.of("staging");
        service.publish(imageBuilt(plan, 1, TestEvents.webDescriptor(20, 16)));
        awaitBuildKnown(plan);
        assertEquals(202, request(plan, 1, "staging").status());
        service.awaitEnvironment(plan, staging, e -> e.path("state").asText().equals("waiting"), SOON);

        service.close();
        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service = service.startAgain();
            marathon.setAgentResources(32, 8192);
            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, SOON).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state(), "the request accepted before the restart was deployed after it");
        }
    }

    @Test
    void anImageBuiltDeliveredTwiceRequestsEachEnvironmentOnce() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("api-auto");
        ImageBuilt built = imageBuilt(plan, 1);

        try (TopicReader requests = TopicReader.fromNow(Topics.DEPLOY_REQUESTED);
             TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(built);
            service.publish(built);
            finished.await(plan.value(), 1, SOON);
            List<DeployRequested> sent = requests.drain(plan.value(), Duration.ofSeconds(3)).stream()
                    .map(r -> EventCodec.fromRecord(r, DeployRequested.class)).toList();
            assertEquals(1, sent.size(), "one request, for review, the only automatic environment that takes the plan");
            assertEquals(EnvironmentName.of("review"), sent.get(0).environment());
            assertEquals(1, finished.drain(plan.value(), Duration.ofSeconds(1)).size());
        }
        JsonNode review = service.awaitEnvironment(plan, EnvironmentName.of("review"), e -> true, SOON);
        assertEquals("per-build", review.path("kind").asText());
        assertEquals(1, review.path("builds").size(), "a per-build environment lists each kept build");
        assertEquals("/slipway/" + plan + "/review-1", review.path("builds").path(0).path("appId").asText());
    }

    @Test
    void aRequestForAnEnvironmentThatIsNotConfiguredEndsInStageFailed() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("api");
        DeployRequested request = TestEvents.deployRequested(imageBuilt(plan, 1), EnvironmentName.of("moon"), DeployReason.PROMOTION);

        try (TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(request);
            StageFailed failure = EventCodec.fromRecord(failed.await(plan.value(), 1, SOON).get(0), StageFailed.class);
            assertTrue(failure.reason().startsWith("build " + plan + "/1 was not deployed: environment 'moon' is not configured"),
                    failure.reason());
            assertEquals(false, failure.retryable());
        }
    }

    private void awaitBuildKnown(PlanName plan) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertEquals(200, service.get("/deployments/" + plan).status(), "the ImageBuilt was recorded"));
    }

    private HttpAnswer request(PlanName plan, long build, String environment) {
        return service.post("/deployments", "{\"plan\":\"" + plan + "\",\"buildNumber\":" + build + ",\"environment\":\"" + environment + "\"}");
    }

    private void assertBadRequest(String body, String message) {
        HttpAnswer response = service.post("/deployments", body);
        assertEquals(400, response.status(), body + " -> " + response.body());
        assertTrue(response.json().path("message").asText().contains(message), body + " -> " + response.body());
    }

    private static ImageBuilt imageBuilt(PlanName plan, long number) {
        return imageBuilt(plan, number, TestEvents.webDescriptor(0.1, 16));
    }

    private static ImageBuilt imageBuilt(PlanName plan, long number, dev.slipway.events.descriptor.BuildDescriptor descriptor) {
        ImageReference image = ImageReference.of("127.0.0.1:5000", "slipway-deploy-test/" + plan, Long.toString(number))
                .withDigest(Digest.of("sha256:" + "5e".repeat(32)));
        return TestEvents.imageBuilt(plan, number, image, descriptor);
    }
}
