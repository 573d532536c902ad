package dev.slipway.deploy.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.targets.marathon.MarathonDouble;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.security.ApiToken;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what on the deployments API, tried as an attacker and a careless user would: reading
 * where a plan's environments stand takes a viewer's token, asking for a deployment (a promotion,
 * a rollback) an operator's. Issue 11 opened with one unauthenticated {@code POST /deployments}
 * rolling production back; here it is refused, and nothing reaches the pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentsAccessTest {
    private static final Duration SOON = Duration.ofSeconds(30);
    private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
    /** Looks like one of ours, and is not configured anywhere. */
    private static final String FORGED = ApiToken.generate();

    private MarathonDouble marathon;
    private RunningDeployService service;
    private PlanName plan;

    @BeforeAll
    void start() throws Exception {
        marathon = new MarathonDouble(8, 8192, Set.of());
        service = RunningDeployService.start(Map.of(
                "slipway.deploy.targets.cluster.type", "marathon",
                "slipway.deploy.targets.cluster.url", marathon.url().toString(),
                "slipway.deploy.environments.production.kind", "stable",
                "slipway.deploy.environments.production.target", "cluster",
                "slipway.deploy.environments.production.plans", List.of("access-*")));
        // Production runs build 2 of the plan; build 1 is the older one an attacker would bring back.
        plan = SampleEvents.uniquePlan("access");
        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(imageBuilt(plan, 1));
            finished.await(plan.value(), 1, SOON);
            service.publish(imageBuilt(plan, 2));
            DeploymentFinished second = EventCodec.fromRecord(finished.await(plan.value(), 2, SOON).get(1), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, second.state());
            assertEquals(2, second.build().number().value());
        }
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (marathon != null) {
            marathon.close();
        }
    }

    @Test
    void anUnauthenticatedRollbackOfProductionIsRefusedAndNothingIsRequested() {
        long putsBefore = putsFor(plan);
        try (TopicReader requests = TopicReader.fromNow(Topics.DEPLOY_REQUESTED)) {
            service.anonymously().postJson("/deployments", rollbackToBuild1())
                    .expect(401, "this endpoint needs a bearer token: send 'Authorization: Bearer <token>' with a token that has the operator role");
            service.anonymously().postJson("/deployments", rollbackToBuild1(), "Authorization", "Bearer " + FORGED)
                    .expect(401, "the bearer token is not one this service accepts");
            service.anonymously().postJson("/deployments", rollbackToBuild1(), "Authorization", "Basic " + FORGED)
                    .expect(401, "the operator role");

            assertEquals(List.of(), requests.drain(plan.value(), Duration.ofSeconds(3)), "no DeployRequested reached the pipeline");
        }
        JsonNode production = service.awaitEnvironment(plan, PRODUCTION, e -> true, SOON);
        assertEquals(2, production.path("build").asLong(), "production still runs build 2: " + production);
        assertEquals("running", production.path("state").asText());
        assertEquals(putsBefore, putsFor(plan), "Marathon was not asked to deploy anything");
    }

    @Test
    void readingAPlansDeploymentsNeedsAViewerToken() {
        String path = "/deployments/" + plan;
        HttpAnswer anonymous = service.anonymously().get(path)
                .expect(401, "this endpoint needs a bearer token: send 'Authorization: Bearer <token>' with a token that has the viewer role");
        assertEquals("Bearer", anonymous.header("WWW-Authenticate"));
        assertFalse(anonymous.body().contains(plan.value()), "nothing about the plan is told: " + anonymous);
        service.anonymously().get(path, "Authorization", "Bearer " + FORGED)
                .expect(401, "the bearer token is not one this service accepts: send 'Authorization: Bearer <token>' with a token that has the viewer role");

        JsonNode shown = service.as(Role.VIEWER).get(path).expect(200).json();
        assertEquals(plan.value(), shown.path("plan").asText());
        service.as(Role.OPERATOR).get(path).expect(200);
    }

    @Test
    void askingForADeploymentNeedsAnOperatorToken() {
        PlanName other = SampleEvents.uniquePlan("access");
        service.publish(imageBuilt(other, 1));
        service.awaitEnvironment(other, PRODUCTION, e -> e.path("state").asText().equals("running"), SOON);
        String promote = "{\"plan\":\"" + other + "\",\"buildNumber\":1,\"environment\":\"production\"}";

        try (TopicReader requests = TopicReader.fromNow(Topics.DEPLOY_REQUESTED)) {
            service.anonymously().postJson("/deployments", promote).expect(401, "a token that has the operator role");
            service.anonymously().postJson("/deployments", promote, "Authorization", "Bearer " + FORGED)
                    .expect(401, "the bearer token is not one this service accepts");
            service.as(Role.VIEWER).postJson("/deployments", promote)
                    .expect(403, "this needs the operator role; token 'test-viewer' has the viewer role");
            assertEquals(List.of(), requests.drain(other.value(), Duration.ofSeconds(2)), "none of them requested anything");

            service.as(Role.OPERATOR).postJson("/deployments", promote).expect(202);
            requests.await(other.value(), 1, SOON);
        }
    }

    @Test
    void healthTellsAnyoneItsStatusAndOnlyATokenHolderTheDetails() {
        JsonNode anonymous = service.anonymously().get("/health").expect(200).json();
        assertEquals("UP", anonymous.path("status").asText(), anonymous::toString);
        assertTrue(anonymous.path("details").isMissingNode(), "no disk or broker details without a token: " + anonymous);

        JsonNode viewer = service.as(Role.VIEWER).get("/health").expect(200).json();
        assertTrue(viewer.path("details").toString().contains("kafka"), "a token holder sees the details: " + viewer);

        service.anonymously().get("/prometheus").expect(200);
    }

    private String rollbackToBuild1() {
        return "{\"plan\":\"" + plan + "\",\"buildNumber\":1,\"environment\":\"production\"}";
    }

    private long putsFor(PlanName which) {
        return marathon.requests().stream().filter(r -> r.method().equals("PUT") && r.path().contains(which.value())).count();
    }

    private static ImageBuilt imageBuilt(PlanName plan, long number) {
        ImageReference image = ImageReference.of("127.0.0.1:5000", "slipway-deploy-test/" + plan, Long.toString(number))
                .withDigest(Digest.of("sha256:" + "ac".repeat(32)));
        return TestEvents.imageBuilt(plan, number, image, TestEvents.webDescriptor(0.1, 16));
    }
}
