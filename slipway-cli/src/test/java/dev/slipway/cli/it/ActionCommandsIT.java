package dev.slipway.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands that act (trigger, deploy, promote, rollback) and {@code logs}, of the packaged jar,
 * against real HTTP servers standing in for webhook-, deploy-, image- and status-service: the
 * requests they send, what they print, their refusals (exit 2) and a token's role too low (exit 4).
 */
class ActionCommandsIT {
    private static final String OPERATOR = "operator-token";
    private static final String VIEWER = "viewer-token";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static StatusDouble status;
    private static FakeService webhook;
    private static FakeService deploy;
    private static FakeService image;
    private static final AtomicInteger webhookFailuresLeft = new AtomicInteger();
    private static final AtomicReference<byte[]> log = new AtomicReference<>(new byte[0]);

    @TempDir
    Path data;

    @BeforeAll
    static void serve() throws IOException {
        status = new StatusDouble();
        status.acceptToken(OPERATOR, "operator").acceptToken(VIEWER, "viewer");
        ArrayNode plans = FakeService.JSON.createArrayNode();
        ObjectNode shop = plans.addObject().put("plan", "shop");
        shop.putNull("latestBuild");
        shop.putArray("environments").addObject().put("environment", "production").put("build", 4).put("state", "running")
                .put("url", "http://127.0.0.1:32780/").put("updatedAt", BuildJson.T0.toString());
        shop.put("updatedAt", BuildJson.T0.toString()).put("failing", false);
        status.plans(plans);

        webhook = new FakeService("webhook-service").acceptToken(OPERATOR, "operator").acceptToken(VIEWER, "viewer");
        webhook.route("POST", "/builds", "operator", (exchange, path) -> {
            if (webhookFailuresLeft.getAndDecrement() > 0) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                FakeService.answer(exchange, 503, FakeService.message("the broker did not acknowledge the event within 10s; nothing was queued"));
                return;
            }
            JsonNode body = FakeService.JSON.readTree(webhook.received("POST", "/builds").get(webhook.received("POST", "/builds").size() - 1).body());
            ObjectNode answer = FakeService.JSON.createObjectNode().put("status", "accepted")
                    .put("message", "queued 1 build: plan shop, branch main, commit 0123456789ab").put("deliveryId", "manual-1");
            answer.putArray("builds").addObject().put("plan", body.get("plan").asText()).put("branch", "main")
                    .put("commit", body.path("commit").asText(COMMIT)).put("trigger", "manual").put("eventId", "3f6c1a52-5b1e-4a8e-9c57-7d3c1f0e2a10");
            FakeService.answer(exchange, 202, answer);
        });

        deploy = new FakeService("deploy-service").acceptToken(OPERATOR, "operator").acceptToken(VIEWER, "viewer");
        deploy.route("POST", "/deployments", "operator", (exchange, path) -> {
            List<FakeService.Received> posts = deploy.received("POST", "/deployments");
            JsonNode body = posts.get(posts.size() - 1).json();
            long build = body.get("buildNumber").asLong();
            FakeService.answer(exchange, 202, FakeService.JSON.createObjectNode().put("eventId", "9a0e3c1d-0000-4000-8000-000000000001")
                    .put("plan", body.get("plan").asText()).put("buildNumber", build).put("environment", body.get("environment").asText())
                    .put("reason", build < 4 ? "rollback" : "promotion").put("image", "127.0.0.1:5000/shop:1.0-" + build + "@sha256:" + "a".repeat(64)));
        });

        image = new FakeService("image-service").acceptToken(OPERATOR, "operator").acceptToken(VIEWER, "viewer");
        image.route("GET", "/images/shop/7/log", "viewer", (exchange, path) -> FakeService.answer(exchange, 200, "text/plain", log.get()));
    }

    @AfterAll
    static void stop() {
        status.close();
        webhook.close();
        deploy.close();
        image.close();
    }

    private Cli cli(String token) {
        return Cli.withData(data).env("SLIPWAY_TOKEN", token).env("SLIPWAY_STATUS_URL", status.url()).env("SLIPWAY_WEBHOOK_URL", webhook.url())
                .env("SLIPWAY_DEPLOY_URL", deploy.url()).env("SLIPWAY_IMAGE_URL", image.url());
    }

    @Test
    void triggerQueuesABuildAndSaysHowToFollowIt() throws Exception {
        int before = webhook.received("POST", "/builds").size();
        Cli.Result trigger = cli(OPERATOR).run("trigger", "shop", "--commit", COMMIT, "--branch", "main", "--rebuild");

        assertEquals(0, trigger.exitCode(), trigger.toString());
        FakeService.Received request = webhook.received("POST", "/builds").get(before);
        assertEquals(FakeService.JSON.readTree("{\"plan\":\"shop\",\"commit\":\"" + COMMIT + "\",\"branch\":\"main\",\"rebuild\":true}"), request.json());
        assertNotNull(request.header("Idempotency-Key"));
        assertEquals(List.of("queued a build of shop: commit 0123456789ab on main (manual, request 3f6c1a52-5b1e-4a8e-9c57-7d3c1f0e2a10)",
                "follow it: slipway watch shop 0123456789ab"), trigger.lines());
    }

    @Test
    void aTriggerRetriedAfterA503CarriesTheSameIdempotencyKey() throws Exception {
        int before = webhook.received("POST", "/builds").size();
        webhookFailuresLeft.set(1);

        Cli.Result trigger = cli(OPERATOR).run("trigger", "shop");

        assertEquals(0, trigger.exitCode(), trigger.toString());
        List<FakeService.Received> attempts = webhook.received("POST", "/builds").subList(before, webhook.received("POST", "/builds").size());
        assertEquals(2, attempts.size());
        assertEquals(attempts.get(0).header("Idempotency-Key"), attempts.get(1).header("Idempotency-Key"));
        assertEquals(FakeService.JSON.readTree("{\"plan\":\"shop\"}"), attempts.get(1).json());
    }

    @Test
    void aViewerCannotTrigger() throws Exception {
        Cli.Result trigger = cli(VIEWER).run("trigger", "shop");

        assertEquals(4, trigger.exitCode(), trigger.toString());
        assertEquals("webhook-service refused to trigger a build: this needs the operator role; token 'viewer-token' has the viewer role\n", trigger.err());
    }

    @Test
    void rollbackSaysWhatReplacesWhat() throws Exception {
        int before = deploy.received("POST", "/deployments").size();
        Cli.Result rollback = cli(OPERATOR).run("rollback", "shop", "2", "--env", "production");

        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertEquals(FakeService.JSON.readTree("{\"plan\":\"shop\",\"buildNumber\":2,\"environment\":\"production\"}"),
                deploy.received("POST", "/deployments").get(before).json());
        assertEquals(List.of("production: build 4 -> build 2 (rollback) requested", "follow it: slipway watch shop 2"), rollback.lines());
    }

    @Test
    void aRollbackThatWouldGoForwardIsRefusedBeforeAnythingChanges() throws Exception {
        int before = deploy.received("POST", "/deployments").size();
        Cli.Result rollback = cli(OPERATOR).run("rollback", "shop", "5", "--env", "production");

        assertEquals(2, rollback.exitCode(), rollback.toString());
        assertEquals("build 5 is not older than build 4, which production of shop has: a rollback goes back "
                + "(use slipway promote shop 5 --env production)\n", rollback.err());
        assertEquals(before, deploy.received("POST", "/deployments").size());
    }

    @Test
    void aPromotionThatWouldGoBackIsRefused() throws Exception {
        int before = deploy.received("POST", "/deployments").size();
        Cli.Result promote = cli(OPERATOR).run("promote", "shop", "3", "--env", "production");

        assertEquals(2, promote.exitCode(), promote.toString());
        assertTrue(promote.err().endsWith("(use slipway rollback shop 3 --env production)\n"), promote.toString());
        assertEquals(before, deploy.received("POST", "/deployments").size());
    }

    @Test
    void aViewersRollbackIsRefusedByDeployServiceWithItsMessage() throws Exception {
        Cli.Result rollback = cli(VIEWER).run("rollback", "shop", "2", "--env", "production");

        assertEquals(4, rollback.exitCode(), rollback.toString());
        assertEquals("deploy-service refused to roll back: this needs the operator role; token 'viewer-token' has the viewer role\n", rollback.err());
    }

    @Test
    void logsPrintsTheImageLog() throws Exception {
        log.set("Step 1/3 : FROM slipway/busybox:latest\n[slipway] pushed\n".getBytes(StandardCharsets.UTF_8));

        Cli.Result logs = cli(VIEWER).run("logs", "shop", "7");

        assertEquals(0, logs.exitCode(), logs.toString());
        assertEquals("Step 1/3 : FROM slipway/busybox:latest\n[slipway] pushed\n", logs.out());
    }

    @Test
    void logsFollowPrintsOnlyWhatIsNewUntilTheImageStageHasFinished() throws Exception {
        BuildJson build = BuildJson.of("shop", 7L, BuildJson.commit('7')).stage("artifact", null, "succeeded", 0, 1, 2, null)
                .stage("image", null, "running", 2, 2, null, null).state("running", 2);
        status.store(build);
        log.set("Step 1/3 : FROM slipway/busybox:latest\n".getBytes(StandardCharsets.UTF_8));
        Cli.Running follow = cli(VIEWER).start("logs", "shop", "7", "--follow");
        await().atMost(Duration.ofSeconds(20)).until(() -> follow.out().contains("Step 1/3"));

        log.set("Step 1/3 : FROM slipway/busybox:latest\nStep 2/3 : COPY . /www\n".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(20)).until(() -> follow.out().contains("Step 2/3"));
        assertTrue(follow.alive(), "the image stage is still running: " + follow.out());
        log.set("Step 1/3 : FROM slipway/busybox:latest\nStep 2/3 : COPY . /www\n[slipway] pushed 127.0.0.1:5000/shop\n".getBytes(StandardCharsets.UTF_8));
        status.store(build.stage("image", null, "succeeded", 2, 2, 9, null).state("built", 9));
        Cli.Result result = follow.awaitExit(30);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Step 1/3 : FROM slipway/busybox:latest\nStep 2/3 : COPY . /www\n[slipway] pushed 127.0.0.1:5000/shop\n", result.out());
    }

    @Test
    void theLogOfAnUnknownBuildIsExit5() throws Exception {
        Cli.Result logs = cli(VIEWER).run("logs", "shop", "8");

        assertEquals(5, logs.exitCode(), logs.toString());
        assertEquals("no route GET /images/shop/8/log in image-service\n", logs.err());
    }
}
