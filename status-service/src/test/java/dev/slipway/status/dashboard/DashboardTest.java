package dev.slipway.status.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.status.testing.RunningStatusService;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TestTokens;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.slipway.events.testing.SampleEvents.artifactStored;
import static dev.slipway.events.testing.SampleEvents.commitReceived;
import static dev.slipway.events.testing.SampleEvents.deployRequested;
import static dev.slipway.events.testing.SampleEvents.deploymentFinished;
import static dev.slipway.events.testing.SampleEvents.imageBuilt;
import static dev.slipway.events.testing.SampleEvents.stageFailed;
import static dev.slipway.events.testing.SampleEvents.stageStarted;
import static dev.slipway.events.testing.SampleEvents.uniquePlan;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard as a browser meets it, without a browser (the JDK HTTP client, pages read with the
 * contract's selectors): sign-in and sessions, what each role sees, the refusals (no session, no
 * CSRF token, another site, a viewer), the pages made from events published through the broker, and
 * the actions and logs that go to stand-ins of deploy-, webhook- and image-service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandInService deployService;
    private StandInService webhookService;
    private StandInService imageService;
    private RunningStatusService status;
    private URI base;
    /** A plan whose production runs build 2, after build 1 ran there. */
    private PlanName rolledPlan;

    @BeforeAll
    void start() {
        deployService = StandInService.start();
        webhookService = StandInService.start();
        imageService = StandInService.start();
        status = RunningStatusService.start(Map.of(
                "slipway.status.links.deploy-service", deployService.uri().toString(),
                "slipway.status.links.webhook-service", webhookService.uri().toString(),
                "slipway.status.links.image-service", imageService.uri().toString()));
        base = status.service().uri("/");
        rolledPlan = uniquePlan("dash-rollback");
        ImageBuilt first = status.publishAndAwaitRead(imageBuilt(status.publishAndAwaitRead(artifactStored(
                status.publishAndAwaitRead(commitOf(rolledPlan, "1")), 1))));
        ImageBuilt second = status.publishAndAwaitRead(imageBuilt(status.publishAndAwaitRead(artifactStored(
                status.publishAndAwaitRead(commitOf(rolledPlan, "2")), 2))));
        status.publishAndAwaitRead(running(status.publishAndAwaitRead(toProduction(first))));
        status.publishAndAwaitRead(running(status.publishAndAwaitRead(toProduction(second))));
        status.awaitBuild(rolledPlan, "2", build -> build.path("state").asText().equals("served"));
        status.awaitBuild(rolledPlan, "1", build -> build.path("state").asText().equals("superseded") && build.path("image").isObject()
                && build.path("author").isObject());
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[]{status, deployService, webhookService, imageService}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the others still close
            }
        }
    }

    @BeforeEach
    void standInsAnswerAsTheRealServicesDo() {
        deployService.forget();
        webhookService.forget();
        imageService.forget();
        deployService.answers(202, "application/json", "{\"reason\": \"rollback\"}");
        webhookService.answers(202, "application/json", "{\"status\": \"accepted\", \"message\": \"1 build queued\", \"builds\": []}");
        imageService.answers(200, "text/plain", "Step 1/2 : FROM slipway/busybox\n");
    }

    // ---- sign-in and sessions

    @Test
    void signingInWithEachRoleGivesAStrictHttpOnlySessionCookieAndEveryPageAnswers() {
        for (Role role : Role.values()) {
            HttpAnswer signIn = SignedInBrowser.anonymous(base).post("/ui/sign-in", Map.of("token", TestTokens.of(role)));
            assertEquals(303, signIn.status(), signIn::toString);
            assertEquals("/ui/plans", signIn.header("Location"));
            String cookie = signIn.header("Set-Cookie");
            assertTrue(cookie.startsWith("slipway_session="), cookie);
            for (String attribute : List.of("httponly", "samesite=strict", "path=/", "secure")) {
                assertTrue(List.of(cookie.toLowerCase(java.util.Locale.ROOT).split(";\\s*")).contains(attribute), cookie + " should have " + attribute);
            }
            assertFalse(cookie.contains(TestTokens.of(role)), "the cookie holds the session id, never the token");

            SignedInBrowser browser = SignedInBrowser.signIn(base, role);
            Document plans = browser.page("/ui/plans");
            assertEquals("test-" + role.key() + " (" + role.key() + ")", plans.selectFirst("span#who").text());
            assertNotNull(plans.selectFirst("button#sign-out"));
            assertNotNull(plans.selectFirst("nav a#nav-plans[href=/ui/plans]"));
            assertNotNull(plans.selectFirst("nav a#nav-bus[href=/ui/bus]"));
            assertEquals("en", plans.selectFirst("html").attr("lang"));
            Element row = plans.selectFirst("table#plans tr.plan[data-plan=" + rolledPlan + "]");
            assertNotNull(row, plans::html);
            assertEquals("served", row.selectFirst("td.state").attr("data-state"));
            assertEquals("/ui/plans/" + rolledPlan, row.selectFirst("a.plan-link").attr("href"));
            Element production = row.selectFirst("span.environment[data-environment=production]");
            assertTrue(production.text().contains("build 2"), production::text);
            assertEquals("http://127.0.0.1:31002/", production.selectFirst("a.url").attr("href"));
            assertTrue(row.selectFirst("td.updated").attr("title").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), row::html);

            Document plan = browser.page("/ui/plans/" + rolledPlan);
            assertEquals(rolledPlan.value(), plan.selectFirst("h1").text());
            assertEquals(List.of("2", "1"), plan.select("table#builds tr.build").eachAttr("data-build"), "newest first");
            assertEquals(role != Role.VIEWER, plan.selectFirst("form#trigger-form") != null);

            Document build = browser.page("/ui/plans/" + rolledPlan + "/builds/1");
            assertEquals("superseded", build.selectFirst("span#build-state").attr("data-state"));
            assertEquals("sha256:" + "ab".repeat(32), build.selectFirst("dl#image code#digest").text());
            assertNotNull(build.selectFirst("ol#timeline > li"));
            assertNotNull(build.selectFirst("pre#log"));
            assertNotNull(build.selectFirst("table#deployments tr.deployment[data-environment=production]"));

            Document bus = browser.page("/ui/bus");
            assertNotNull(bus.selectFirst("table#stages, p.note"), bus::html);
        }
    }

    @Test
    void aSignInLeadsBackToTheDashboardPageAskedForAndNowhereElse() {
        SignedInBrowser nobody = SignedInBrowser.anonymous(base);
        assertEquals("/ui/bus", nobody.post("/ui/sign-in", Map.of("token", TestTokens.of(Role.VIEWER), "next", "/ui/bus")).header("Location"));
        for (String elsewhere : List.of("//evil.example/ui", "https://evil.example/", "/ui/../../x", "/\\evil.example")) {
            assertEquals("/ui/plans", nobody.post("/ui/sign-in", Map.of("token", TestTokens.of(Role.VIEWER), "next", elsewhere))
                    .header("Location"), elsewhere);
        }
    }

    @Test
    void aTokenSlipwayDoesNotKnowIs401AndIsNotShownBack() {
        String wrong = "slw_" + "0".repeat(64);
        HttpAnswer answer = SignedInBrowser.anonymous(base).post("/ui/sign-in", Map.of("token", wrong));
        assertEquals(401, answer.status(), answer::toString);
        assertNull(answer.header("Set-Cookie"));
        assertFalse(answer.body().contains(wrong), "the token is never echoed");
        Document page = org.jsoup.Jsoup.parse(answer.body());
        assertEquals("that token is not known to Slipway", page.selectFirst("p#error").text());
        assertEquals("", page.selectFirst("input#token").attr("value"));
    }

    @Test
    void withoutASessionPagesLeadToTheSignInPageAndEverythingElseIs401() {
        SignedInBrowser nobody = SignedInBrowser.anonymous(base);
        assertEquals("/ui/plans", nobody.get("/").expect(303).header("Location"));
        HttpAnswer page = nobody.get("/ui/plans/" + rolledPlan + "?page=0");
        assertEquals(303, page.status(), page::toString);
        assertEquals("/ui/sign-in?next=%2Fui%2Fplans%2F" + rolledPlan + "%3Fpage%3D0", page.header("Location"));

        Document signIn = nobody.page("/ui/sign-in?next=%2Fui%2Fbus");
        Element form = signIn.selectFirst("form#sign-in-form[method=post][action=/ui/sign-in]");
        assertNotNull(form, signIn::html);
        assertEquals("password", form.selectFirst("input#token[name=token]").attr("type"));
        assertNotNull(signIn.selectFirst("label[for=token]"));
        assertNotNull(form.selectFirst("button#sign-in"));
        assertEquals("/ui/bus", form.selectFirst("input[name=next]").attr("value"));

        String deploy = "/ui/plans/" + rolledPlan + "/builds/1/deploy";
        assertEquals(401, nobody.post(deploy, Map.of("environment", "production")).status(), "a POST without a session is refused, not redirected");
        assertEquals(401, nobody.get("/ui/fragments/plans/" + rolledPlan).status());
        assertEquals(401, nobody.get("/ui/events", "Accept", "text/event-stream").status());
        SignedInBrowser forged = nobody.withCookie("slipway_session=" + "A".repeat(43));
        assertEquals(303, forged.get("/ui/plans").status());
        assertEquals(401, forged.post(deploy, Map.of("environment", "production")).status());
        // A bearer token is for the API: it opens no dashboard page, and a session id is no bearer token.
        assertEquals(303, nobody.get("/ui/plans", "Authorization", "Bearer " + TestTokens.of(Role.ADMIN)).status());
        assertEquals(401, status.anonymously().get("/plans", "Authorization", "Bearer " + "A".repeat(43)).status());
        assertTrue(deployService.received().isEmpty());

        HttpAnswer css = nobody.get("/ui/assets/slipway.css").expect(200);
        assertTrue(css.header("Content-Type").startsWith("text/css"), css.header("Content-Type"));
        HttpAnswer js = nobody.get("/ui/assets/slipway.js").expect(200);
        assertTrue(js.body().contains("EventSource"));
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() {
        SignedInBrowser browser = SignedInBrowser.signIn(base, Role.VIEWER);
        HttpAnswer out = browser.post("/ui/sign-out", browser.form());
        assertEquals(303, out.status(), out::toString);
        assertEquals("/ui/sign-in", out.header("Location"));
        assertTrue(out.header("Set-Cookie").matches("slipway_session=;.*Max-Age=0.*"), out.header("Set-Cookie"));
        assertEquals(303, browser.get("/ui/plans").status(), "the old cookie opens nothing any more");
    }

    // ---- refusals

    @Test
    void aFormWithoutItsCsrfTokenOrFromAnotherSiteIs403AndNothingIsAsked() {
        SignedInBrowser operator = SignedInBrowser.signIn(base, Role.OPERATOR);
        String deploy = "/ui/plans/" + rolledPlan + "/builds/1/deploy";

        HttpAnswer without = operator.post(deploy, Map.of("environment", "production"));
        assertEquals(403, without.status(), without::toString);
        assertTrue(errorOf(without).contains("_csrf"), without::toString);
        HttpAnswer wrong = operator.post(deploy, Map.of("_csrf", "x".repeat(43), "environment", "production"));
        assertEquals(403, wrong.status(), wrong::toString);
        assertTrue(errorOf(wrong).contains("not this session's"), wrong::toString);

        Map<String, String> form = operator.form("environment", "production");
        HttpAnswer foreign = operator.postAs(deploy, form, "Origin", "http://evil.example");
        assertEquals(403, foreign.status(), foreign::toString);
        assertTrue(errorOf(foreign).contains("another site"), foreign::toString);
        assertEquals(403, operator.postAs(deploy, form, "Referer", "http://evil.example/page").status());
        assertEquals(403, operator.postAs(deploy, form, "Origin", "null").status());
        assertEquals(403, SignedInBrowser.anonymous(base).postAs("/ui/sign-in", Map.of("token", TestTokens.of(Role.ADMIN)),
                "Origin", "http://evil.example").status(), "nobody is signed in from another site's page");
        assertTrue(deployService.received().isEmpty(), "deploy-service was asked nothing");
    }

    @Test
    void aViewerSeesNoActionAndIsRefusedOne() {
        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        Document plan = viewer.page("/ui/plans/" + rolledPlan);
        assertNull(plan.selectFirst("form#trigger-form"));
        Document build = viewer.page("/ui/plans/" + rolledPlan + "/builds/1");
        assertTrue(build.select("form.deploy-action").isEmpty());
        for (Document page : List.of(plan, build)) {
            assertEquals(List.of("sign-out"), page.select("button").eachAttr("id"), "no button but signing out");
        }
        String deploy = "/ui/plans/" + rolledPlan + "/builds/1/deploy";
        HttpAnswer refused = viewer.post(deploy, viewer.form("environment", "production"));
        assertEquals(403, refused.status(), refused::toString);
        assertTrue(errorOf(refused).startsWith("rolling back needs operator"), refused::toString);
        assertEquals(403, viewer.get(deploy + "?environment=production").status());
        HttpAnswer trigger = viewer.post("/ui/plans/" + rolledPlan + "/builds", viewer.form());
        assertEquals(403, trigger.status(), trigger::toString);
        assertTrue(errorOf(trigger).startsWith("triggering a build needs operator"), trigger::toString);
        assertTrue(deployService.received().isEmpty() && webhookService.received().isEmpty());
    }

    // ---- actions

    @Test
    void anOperatorsConfirmedRollbackGoesToDeployServiceWithTheirTokenAndTheNoticeFollows() throws Exception {
        SignedInBrowser operator = SignedInBrowser.signIn(base, Role.OPERATOR);
        Document build = operator.page("/ui/plans/" + rolledPlan + "/builds/1");
        Element action = build.selectFirst("form.deploy-action[data-environment=production]");
        assertNotNull(action, build::html);
        assertEquals("rollback", action.attr("data-action"));
        assertEquals("Roll back production to build 1", action.selectFirst("button.deploy-action-button").text());
        Document newest = operator.page("/ui/plans/" + rolledPlan + "/builds/2");
        assertNull(newest.selectFirst("form.deploy-action[data-environment=production]"), "production runs build 2 already");

        String confirmPath = action.attr("action") + "?environment=production";
        Document confirm = operator.page(confirmPath);
        assertEquals("production: build 2 will be replaced by build 1 (rollback)", confirm.selectFirst("p#confirm-text").text());
        Element form = confirm.selectFirst("form#confirm-form[method=post]");
        assertNotNull(form.selectFirst("button#confirm"));
        assertEquals("/ui/plans/" + rolledPlan + "/builds/1", confirm.selectFirst("a#cancel").attr("href"));

        HttpAnswer posted = operator.post(form.attr("action"), Map.of("_csrf", form.selectFirst("input[name=_csrf]").attr("value"),
                "environment", form.selectFirst("input[name=environment]").attr("value")));
        assertEquals(303, posted.status(), posted::toString);
        assertEquals("/ui/plans/" + rolledPlan + "/builds/1", posted.header("Location"));
        assertEquals(1, deployService.received().size());
        StandInService.Received request = deployService.received().get(0);
        assertEquals("POST /deployments", request.method() + " " + request.path());
        assertEquals("Bearer " + TestTokens.of(Role.OPERATOR), request.authorization(), "the operator's own token");
        JsonNode body = JSON.readTree(request.body());
        assertEquals(rolledPlan.value(), body.path("plan").asText());
        assertEquals(1, body.path("buildNumber").asLong());
        assertEquals("production", body.path("environment").asText());

        Document after = operator.page(posted.header("Location"));
        assertEquals("rollback of production to build 1 requested", after.selectFirst("p#notice").text());
        assertNull(operator.page(posted.header("Location")).selectFirst("p#notice"), "the notice shows once");
    }

    @Test
    void aRefusalByDeployServiceOrItsAbsenceIsShownInWords() {
        SignedInBrowser operator = SignedInBrowser.signIn(base, Role.OPERATOR);
        String deploy = "/ui/plans/" + rolledPlan + "/builds/1/deploy";
        deployService.answers(409, "application/json", "{\"message\": \"environment 'production' does not take plan '<x>'\"}");
        HttpAnswer refused = operator.post(deploy, operator.form("environment", "production"));
        assertEquals(303, refused.status(), refused::toString);
        Element error = operator.page(refused.header("Location")).selectFirst("p#error");
        assertEquals("the rollback was not requested: deploy-service refused: environment 'production' does not take plan '<x>'", error.text());

        RunningStatusService elsewhere = null;
        int nobodyThere = FreePorts.next();
        try (RunningStatusService other = RunningStatusService.start(Map.of("slipway.status.links.deploy-service", "http://127.0.0.1:" + nobodyThere))) {
            elsewhere = other;
            SignedInBrowser there = SignedInBrowser.signIn(other.service().uri("/"), Role.ADMIN);
            HttpAnswer absent = there.post(deploy, there.form("environment", "production"));
            assertEquals(303, absent.status(), absent::toString);
            String message = there.page(absent.header("Location")).selectFirst("p#error").text();
            assertTrue(message.contains("deploy-service at http://127.0.0.1:" + nobodyThere + " did not answer"), message);
        }
        assertNotNull(elsewhere);
    }

    @Test
    void anOperatorsBuildNowGoesToWebhookServiceWithTheCommitAndBranch() throws Exception {
        SignedInBrowser operator = SignedInBrowser.signIn(base, Role.OPERATOR);
        Document plan = operator.page("/ui/plans/" + rolledPlan);
        Element form = plan.selectFirst("form#trigger-form[method=post]");
        assertEquals("/ui/plans/" + rolledPlan + "/builds", form.attr("action"));
        assertNotNull(form.selectFirst("button#trigger"));
        assertNotNull(plan.selectFirst("label[for=trigger-commit]"));
        String commit = "3f45da68399daf74b35561c0f30cf0a2021def4b";
        webhookService.answers(202, "application/json", "{\"status\": \"accepted\", \"message\": \"1 build queued\", \"builds\": "
                + "[{\"plan\": \"" + rolledPlan + "\", \"branch\": \"main\", \"commit\": \"" + commit + "\", \"trigger\": \"manual\"}]}");

        HttpAnswer posted = operator.post(form.attr("action"), operator.form("commit", commit, "branch", "main"));
        assertEquals(303, posted.status(), posted::toString);
        assertEquals("/ui/plans/" + rolledPlan, posted.header("Location"));
        StandInService.Received request = webhookService.received().get(0);
        assertEquals("POST /builds", request.method() + " " + request.path());
        assertEquals("Bearer " + TestTokens.of(Role.OPERATOR), request.authorization());
        JsonNode body = JSON.readTree(request.body());
        assertEquals(rolledPlan.value(), body.path("plan").asText());
        assertEquals(commit, body.path("commit").asText());
        assertEquals("main", body.path("branch").asText());
        assertEquals("build of " + rolledPlan + " requested: main at 3f45da6", operator.page(posted.header("Location")).selectFirst("p#notice").text());
    }

    // ---- pages made from events

    @Test
    void aPlansBuildsAreRowsOfStageBarsMadeFromTheEventsOnTheBroker() {
        PlanName plan = uniquePlan("dash-rows");
        CommitReceived commit = status.publishAndAwaitRead(commitReceived(plan));
        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        Element received = viewer.page("/ui/plans/" + plan).selectFirst("table#builds tr.build");
        assertEquals(commit.eventId().toString(), received.attr("data-build"), "an unnumbered build is addressed by its request");
        assertEquals("received", received.attr("data-state"));
        assertEquals("queued", received.selectFirst("span.stage[data-stage=artifact]").attr("data-state"));

        ArtifactStored artifact = status.publish(artifactStored(commit, 1));
        status.publish(stageStarted(artifact));
        ImageBuilt image = status.publish(imageBuilt(artifact));
        DeployRequested deploy = status.publish(deployRequested(image));
        status.publishAndAwaitRead(deploymentFinished(deploy));

        Element row = awaitPage(viewer, "/ui/plans/" + plan, page -> page.selectFirst("tr.build[data-build=1][data-state=served]"));
        assertEquals(1, viewer.page("/ui/plans/" + plan).select("tr.build").size(), "the request became build 1");
        for (String stage : List.of("artifact", "image", "deploy:review")) {
            Element bar = row.selectFirst("span.stage[data-stage=" + stage + "]");
            assertEquals("succeeded", bar.attr("data-state"), row::html);
            assertTrue(bar.text().contains("succeeded") && bar.selectFirst(".duration").text().matches("[0-9.]+ s|\\d+ min.*"), bar::text);
        }
        assertEquals("/ui/plans/" + plan + "/builds/1", row.selectFirst("a.build-link").attr("href"));
        assertEquals("https://github.com/slipway/shop/commit/" + commit.commit().value(), row.selectFirst("a.commit-link").attr("href"));
        assertEquals("3f45da6", row.selectFirst("a.commit-link").text());
        assertEquals("Zoë Ünicode", row.selectFirst(".author").text());
        assertEquals("Fix the ✓ on the checkout page", row.selectFirst(".message").text());
        assertEquals("push", row.selectFirst("td.trigger").text());
        assertEquals("http://127.0.0.1:31001/", row.selectFirst("a.url[data-environment=review]").attr("href"));

        HttpAnswer fragment = viewer.get("/ui/fragments/plans/" + plan + "/builds/1/row").expect(200);
        assertTrue(fragment.body().strip().startsWith("<tr class=\"build\" data-build=\"1\""), fragment::body);
        HttpAnswer planRow = viewer.get("/ui/fragments/plans/" + plan).expect(200);
        assertTrue(planRow.body().strip().startsWith("<tr class=\"plan\" data-plan=\"" + plan + "\""), planRow::body);
    }

    @Test
    void aFailedBuildSaysWhyAndInWhichStage() {
        PlanName plan = uniquePlan("dash-failed");
        ArtifactStored artifact = status.publish(artifactStored(status.publish(commitReceived(plan)), 1));
        status.publishAndAwaitRead(stageFailed(artifact));
        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        Document page = awaitPage(viewer, "/ui/plans/" + plan + "/builds/1", found -> found.selectFirst("span#build-state[data-state=failed]") != null ? found : null);
        assertEquals("The build failed in the image (build, test and push) stage: Dockerfile line 3: unknown instruction: RUNN",
                page.selectFirst("p#failure-reason").text());
        assertEquals("failed", page.selectFirst("span.stage[data-stage=image]").attr("data-state"));
        assertTrue(viewer.page("/ui/plans").selectFirst("tr.plan[data-plan=" + plan + "]").hasClass("failing"));
    }

    @Test
    void aHostileCommitMessageAndAuthorAreShownAsText() {
        PlanName plan = uniquePlan("dash-hostile");
        CommitReceived sample = commitReceived(plan);
        String message = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        CommitReceived hostile = new CommitReceived(sample.eventId(), null, sample.time(), plan, sample.repository(), sample.branch(),
                sample.commit(), dev.slipway.events.domain.Author.of("\"><b>bold</b>", "x@example.org"), message, sample.trigger(),
                sample.deliveryId(), false);
        status.publishAndAwaitRead(hostile);
        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        HttpAnswer answer = viewer.get("/ui/plans/" + plan).expect(200);
        assertFalse(answer.body().contains("<script>alert"), "the message is escaped");
        assertFalse(answer.body().contains("<b>bold"), "the author is escaped");
        Document page = org.jsoup.Jsoup.parse(answer.body());
        assertEquals(message, page.selectFirst("tr.build .message").text());
        assertEquals("\"><b>bold</b>", page.selectFirst("tr.build .author").text());
        assertTrue(page.select("img").isEmpty());
        assertEquals(List.of("/ui/assets/slipway.js"), page.select("script").eachAttr("src"), "no script but the dashboard's own");
    }

    @Test
    void aRolledBackBuildSaysItDidNotDeployAndWhereTheBuildBeforeStillServes() {
        PlanName plan = rolledBackPlan();

        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        Document page = awaitPage(viewer, "/ui/plans/" + plan + "/builds/2",
                found -> found.selectFirst("span#build-state[data-state=failed]") != null ? found : null);
        assertEquals("The build failed in the deploy stage: rolled back in production: health check /health answered 503 three times; "
                + "production still serves the build before at http://127.0.0.1:31002/", page.selectFirst("p#failure-reason").text());
        Element production = page.selectFirst("tr.deployment[data-environment=production]");
        assertEquals("rolled-back", production.attr("data-state"));
        assertEquals(null, production.selectFirst("a.url"), "no link to where it does not run");
        assertTrue(page.select("ol#timeline li[data-type=deployment-finished]").text()
                .contains("rolled back in production: health check /health answered 503 three times"), page.select("ol#timeline")::text);
        Element environment = viewer.page("/ui/plans").selectFirst("tr.plan[data-plan=" + plan + "] span.environment[data-environment=production]");
        assertEquals("production build 1 running http://127.0.0.1:31002/", environment.text(), "production still serves build 1");
    }

    @Test
    void aPreviewBuildShowsItsPullRequestWithItsTitleAsTextAndItsRemoval() {
        PlanName plan = previewPlan();

        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        HttpAnswer answer = awaitPage(viewer, "/ui/plans/" + plan + "/builds/1",
                found -> found.selectFirst("p#preview") != null ? viewer.get("/ui/plans/" + plan + "/builds/1") : null);
        assertFalse(answer.body().contains("<script>alert('pr')"), "the title is escaped");
        Document page = org.jsoup.Jsoup.parse(answer.body());
        Element preview = page.selectFirst("p#preview");
        assertEquals("Preview of pull request #12 " + HOSTILE_TITLE + " in pr-12", preview.text());
        assertEquals("https://github.com/slipway/shop/pull/12", preview.selectFirst("a.pull-request").attr("href"));
        assertEquals("pr-12", preview.attr("data-environment"));
        assertTrue(page.select("img").isEmpty(), "no markup of the title's");
        assertTrue(page.select("ol#timeline li").eachText().stream().anyMatch(line -> line.endsWith("pull request #12 merged; preview pr-12 removed")),
                page.select("ol#timeline")::text);
    }

    @Test
    void inARealBrowserTheBuildPagesShowTheRollbackAndThePreviewAsText() {
        PlanName rolledBack = rolledBackPlan();
        PlanName preview = previewPlan();
        status.awaitBuild(rolledBack, "2", build -> build.path("state").asText().equals("failed"));
        status.awaitBuild(preview, "1", build -> build.path("timeline").toString().contains("preview pr-12 removed"));
        try (RealBrowser browser = RealBrowser.start()) {
            browser.signIn(base, TestTokens.of(Role.VIEWER));

            browser.open(base.resolve("/ui/plans/" + rolledBack + "/builds/2"));
            assertEquals("failed", browser.waitFor("span#build-state").getText());
            assertTrue(browser.waitFor("p#failure-reason").getText().replaceAll("\\s+", " ").contains(
                    "rolled back in production: health check /health answered 503 three times; production still serves the build before"),
                    browser.waitFor("p#failure-reason").getText());
            assertEquals("rolled-back", browser.waitFor("tr.deployment[data-environment=production] td.state").getText());
            assertTrue(browser.waitFor("ol#timeline").getText().contains("rolled back in production"), browser.waitFor("ol#timeline").getText());

            browser.open(base.resolve("/ui/plans/" + preview + "/builds/1"));
            // The text as the browser lays it out (a long line may wrap).
            assertEquals("Preview of pull request #12 " + HOSTILE_TITLE + " in pr-12", browser.waitFor("p#preview").getText().replaceAll("\\s+", " "));
            assertEquals("https://github.com/slipway/shop/pull/12", browser.waitFor("p#preview a.pull-request").getAttribute("href"));
            assertTrue(browser.waitFor("ol#timeline").getText().replaceAll("\\s+", " ").contains("pull request #12 merged; preview pr-12 removed"));
            assertFalse(browser.alertShown(), "the title's script did not run");
        }
    }

    @Test
    void pagesCarryTheContentSecurityPolicyAndNoInlineScriptOrStyle() {
        SignedInBrowser admin = SignedInBrowser.signIn(base, Role.ADMIN);
        for (String path : List.of("/ui/sign-in", "/ui/plans", "/ui/plans/" + rolledPlan, "/ui/plans/" + rolledPlan + "/builds/1", "/ui/bus",
                "/ui/plans/" + rolledPlan + "/builds/1/deploy?environment=production")) {
            HttpAnswer answer = admin.get(path).expect(200);
            assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    + "frame-ancestors 'none'; form-action 'self'", answer.header("Content-Security-Policy"), path);
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), path);
            assertEquals("same-origin", answer.header("Referrer-Policy"), path);
            assertEquals("no-store", answer.header("Cache-Control"), path);
            assertTrue(answer.header("Content-Type").startsWith("text/html"), path);
            Document page = org.jsoup.Jsoup.parse(answer.body());
            assertTrue(page.select("script:not([src]), style, [style]").isEmpty(), path + ": " + page.html());
            assertTrue(page.getAllElements().stream().noneMatch(e -> e.attributes().asList().stream().anyMatch(a -> a.getKey().startsWith("on"))),
                    path + " has an event-handler attribute");
            for (Element input : page.select("input:not([type=hidden])")) {
                assertNotNull(page.selectFirst("label[for=" + input.id() + "]"), path + ": " + input + " has no label");
            }
        }
    }

    // ---- the log, the stream, the bus

    @Test
    void aBuildsLogComesFromImageServiceWithTheViewersTokenAndIsEscaped() {
        imageService.answers(200, "text/plain", "Step 1/2 : FROM slipway/busybox\n<script>alert(3)</script>\n");
        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        Document page = viewer.page("/ui/plans/" + rolledPlan + "/builds/2");
        assertEquals("Step 1/2 : FROM slipway/busybox\n<script>alert(3)</script>\n", page.selectFirst("pre#log").wholeText());
        StandInService.Received request = imageService.received().get(imageService.received().size() - 1);
        assertEquals("GET /images/" + rolledPlan + "/2/log", request.method() + " " + request.path());
        assertEquals("Bearer " + TestTokens.of(Role.VIEWER), request.authorization());
        assertEquals(page.selectFirst("section#build").attr("data-log-url"), "/ui/fragments/plans/" + rolledPlan + "/builds/2/log");
        assertEquals("2000", page.selectFirst("section#build").attr("data-log-refresh"));

        imageService.answers(404, "application/json", "{\"message\": \"no build 2\"}");
        Document fragment = org.jsoup.Jsoup.parse(viewer.get("/ui/fragments/plans/" + rolledPlan + "/builds/2/log").expect(200).body());
        assertEquals("image-service has no log of build 2 yet", fragment.selectFirst("p#log-note").text());
        assertEquals("", fragment.selectFirst("pre#log").wholeText());
    }

    @Test
    void theEventStreamTakesTheSessionCookieAndSendsBuildChanges() throws Exception {
        PlanName plan = uniquePlan("dash-stream");
        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(base.resolve("/ui/events?plan=" + plan))
                .header("Cookie", viewer.cookie()).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        AtomicReference<String> data = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:") && line.contains("\"plan\"")) {
                        data.set(line);
                        return;
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        CommitReceived commit = status.publishAndAwaitRead(commitReceived(plan));
        await("a build event on the dashboard's stream").atMost(Duration.ofSeconds(10)).until(() -> data.get() != null);
        assertTrue(data.get().contains(commit.eventId().toString()), data::get);
        stream.body().close();
    }

    @Test
    void theBusPageShowsEachStagesFiguresAndItsLagOverTheLastHour() {
        SignedInBrowser viewer = SignedInBrowser.signIn(base, Role.VIEWER);
        Document bus = awaitPage(viewer, "/ui/bus", page -> page.selectFirst("table#stages tr.stage-row") != null ? page : null);
        assertEquals(List.of("artifact", "image", "deploy", "status"), bus.select("tr.stage-row").eachAttr("data-stage"));
        Element row = bus.selectFirst("tr.stage-row[data-stage=status]");
        for (String cell : List.of("td.lag", "td.oldest", "td.in", "td.out", "td.dead-letters", "td.p50", "td.p95")) {
            assertFalse(row.selectFirst(cell).text().isBlank(), cell);
        }
        assertTrue(row.selectFirst("td.lag").text().matches("\\d+"));
        Element chart = row.selectFirst("svg.chart");
        assertTrue(chart.attr("aria-label").startsWith("lag of status over the last hour"), chart::outerHtml);
        assertEquals("1000", bus.selectFirst("section#bus").attr("data-refresh"), "the monitoring interval (RunningStatusService's)");
        Document fragment = org.jsoup.Jsoup.parse(viewer.get("/ui/fragments/bus").expect(200).body());
        assertEquals(4, fragment.select("div#bus-table table#stages tr.stage-row").size(), fragment::html);
    }

    // ---- helpers

    private static String errorOf(HttpAnswer answer) {
        Element error = org.jsoup.Jsoup.parse(answer.body()).selectFirst("p#error");
        return error == null ? "" : error.text();
    }

    /** Fetches the page until {@code found} finds what the test waits for in it. */
    private static <T> T awaitPage(SignedInBrowser browser, String path, java.util.function.Function<Document, T> found) {
        return await(path).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> found.apply(browser.page(path)), java.util.Objects::nonNull);
    }

    private static final String HOSTILE_TITLE = "<script>alert('pr')</script><img src=x onerror=alert(3)> New checkout";

    /** A plan whose build 2 was rolled back in production, where build 1 runs. */
    private PlanName rolledBackPlan() {
        PlanName plan = uniquePlan("dash-rolled-back");
        ImageBuilt first = status.publishAndAwaitRead(imageBuilt(status.publishAndAwaitRead(artifactStored(
                status.publishAndAwaitRead(commitOf(plan, "1")), 1))));
        ImageBuilt second = status.publishAndAwaitRead(imageBuilt(status.publishAndAwaitRead(artifactStored(
                status.publishAndAwaitRead(commitOf(plan, "2")), 2))));
        // Deployments published as started, not requested: a deploy-service of another test reading the shared broker
        // would take a DeployRequested up.
        status.publishAndAwaitRead(running(started(toProduction(first))));
        DeployRequested request = started(toProduction(second));
        status.publishAndAwaitRead(new DeploymentFinished(EventId.random(), request.eventId(), now(), request.build(), request.commit(),
                request.environment(), "docker", "slipway-" + plan + "-production-green", DeploymentState.ROLLED_BACK,
                URI.create("http://127.0.0.1:31002/"), "health check /health answered 503 three times"));
        return plan;
    }

    private DeployRequested started(DeployRequested request) {
        status.publishAndAwaitRead(new dev.slipway.events.StageProgressed(EventId.random(), request.eventId(), now(), request.plan(),
                request.build(), request.commit(), dev.slipway.events.domain.Stage.DEPLOY, request.environment(),
                dev.slipway.events.domain.Progress.STARTED, null));
        return request;
    }

    /** A plan whose build 1 previews pull request #12 (a title with markup in it), which was then merged. */
    private PlanName previewPlan() {
        PlanName plan = uniquePlan("dash-preview");
        dev.slipway.events.domain.PullRequest sample = dev.slipway.events.testing.SampleEvents.pullRequest(12);
        dev.slipway.events.domain.PullRequest hostile = new dev.slipway.events.domain.PullRequest(12, sample.sourceBranch(),
                sample.targetBranch(), true, sample.headRef(), URI.create("https://github.com/slipway/shop/pull/12"), HOSTILE_TITLE);
        CommitReceived opened = dev.slipway.events.testing.SampleEvents.pullRequestOpened(plan, 12);
        CommitReceived withTitle = new CommitReceived(opened.eventId(), null, opened.time(), plan, opened.repository(), opened.branch(),
                opened.commit(), opened.author(), opened.message(), opened.trigger(), opened.deliveryId(), false, hostile);
        status.publishAndAwaitRead(withTitle);
        status.publishAndAwaitRead(dev.slipway.events.testing.SampleEvents.artifactStored(withTitle, 1, hostile));
        status.publishAndAwaitRead(dev.slipway.events.testing.SampleEvents.pullRequestClosed(plan, 12,
                dev.slipway.events.domain.PullRequestOutcome.MERGED));
        return plan;
    }

    /** A commit of the plan whose sha is {@code digit} 40 times: each build of a plan has a commit of its own. */
    private static CommitReceived commitOf(PlanName plan, String digit) {
        CommitReceived sample = commitReceived(plan);
        return new CommitReceived(sample.eventId(), null, sample.time(), plan, sample.repository(), sample.branch(),
                dev.slipway.events.domain.CommitSha.of(digit.repeat(40)), sample.author(), sample.message(), sample.trigger(),
                sample.deliveryId(), false);
    }

    private static DeployRequested toProduction(ImageBuilt image) {
        return new DeployRequested(EventId.random(), image.eventId(), now(), image.build(), image.commit(), image.image(), image.descriptor(),
                EnvironmentName.of("production"), DeployReason.AUTOMATIC);
    }

    private static DeploymentFinished running(DeployRequested request) {
        return new DeploymentFinished(EventId.random(), request.eventId(), now(), request.build(), request.commit(), request.environment(),
                "docker", "slipway-" + request.plan() + "-production", DeploymentState.RUNNING, URI.create("http://127.0.0.1:31002/"), null);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
