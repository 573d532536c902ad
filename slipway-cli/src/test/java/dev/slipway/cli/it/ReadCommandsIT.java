package dev.slipway.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read commands (plans, builds, show, lag) of the packaged jar against an HTTP server that serves
 * status-api.md's JSON: their tables, {@code --json}, and the exit codes and one-line messages of
 * each kind of failure (3 unreachable, 4 no or refused token, 5 unknown, 1 other errors, 2 usage).
 */
class ReadCommandsIT {
    private static final String TOKEN = "viewer-token";
    private static final String FAILED_REASON = "dependency.json: resources.mem is not a descriptor field (did you mean memory?)";
    private static final String ROLLED_BACK = "rolled back in production: health check failed for 30s: GET http://172.17.0.5:80/ answered 500; production still serves the build before at http://127.0.0.1:20002/";
    private static StatusDouble status;

    @TempDir
    Path data;

    @BeforeAll
    static void serveStatus() throws IOException {
        status = new StatusDouble();
        status.acceptToken(TOKEN, "viewer");
        BuildJson served = BuildJson.of("hello-site", 3L, BuildJson.commit('3')).message("my third build")
                .stage("artifact", null, "succeeded", 0, 1, 2, null)
                .stage("image", null, "succeeded", 2, 2, 9, null)
                .stage("deploy", "review", "succeeded", 9, 9, 11, null)
                .environment("review", "running", "http://127.0.0.1:32771/", 11)
                .state("served", 11);
        status.store(BuildJson.of("hello-site", 1L, BuildJson.commit('1')).state("superseded", 1));
        status.store(BuildJson.of("hello-site", 2L, BuildJson.commit('2')).state("served", 2));
        status.store(served);
        status.store(BuildJson.of("greeting", 4L, BuildJson.commit('4')).pullRequest(12, "New greeting")
                .stage("artifact", null, "succeeded", 0, 1, 2, null)
                .stage("image", null, "succeeded", 2, 2, 9, null)
                .stage("deploy", "pr-12", "succeeded", 9, 9, 11, null)
                .stage("deploy", "production", "rolled-back", 12, 12, 20, ROLLED_BACK)
                .environment("pr-12", "running", "http://127.0.0.1:20001/", 11)
                .failed("deploy", ROLLED_BACK, 20));
        status.store(BuildJson.of("storefront", null, BuildJson.commit('f')).stage("artifact", null, "failed", 0, 0, 1, FAILED_REASON)
                .failed("artifact", FAILED_REASON, 1));
        ArrayNode plans = FakeService.JSON.createArrayNode();
        ObjectNode hello = plans.addObject().put("plan", "hello-site");
        hello.set("latestBuild", served.summary());
        hello.putArray("environments").addObject().put("environment", "review").put("build", 3).put("state", "running")
                .put("url", "http://127.0.0.1:32771/").put("updatedAt", BuildJson.T0.plusSeconds(11).toString());
        hello.put("updatedAt", BuildJson.T0.plusSeconds(11).toString()).put("failing", false);
        status.plans(plans);
        status.route("GET", "/plans/broken/builds", "viewer",
                (exchange, path) -> FakeService.answer(exchange, 500, FakeService.message("the read model at /var/lib/slipway/status/status.mv.db is damaged")));
        ObjectNode monitoring = FakeService.JSON.createObjectNode().put("sampledAt", BuildJson.T0.toString()).put("rateWindowSeconds", 60).put("durationWindowSeconds", 3600);
        ArrayNode stages = monitoring.putArray("stages");
        stages.addObject().put("stage", "artifact").put("group", "artifact-service").put("lag", 0).putNull("oldestUnprocessedAgeSeconds")
                .put("inPerMinute", 2.0).put("outPerMinute", 2.0).put("deadLetters", 0).put("durationP50Seconds", 1.2).put("durationP95Seconds", 2.5);
        stages.addObject().put("stage", "image").put("group", "image-service").put("lag", 7).put("oldestUnprocessedAgeSeconds", 95.5)
                .put("inPerMinute", 3.5).put("outPerMinute", 0.0).put("deadLetters", 1).put("durationP50Seconds", 8.0).put("durationP95Seconds", 14.0);
        monitoring.putArray("deadLetterTopics").addObject().put("topic", "slipway.artifact-stored.dlt").put("depth", 1);
        status.monitoring(monitoring);
    }

    @AfterAll
    static void stop() {
        status.close();
    }

    private Cli cli() {
        return Cli.withData(data).env("SLIPWAY_TOKEN", TOKEN).env("SLIPWAY_STATUS_URL", status.url());
    }

    @Test
    void plansListsEachPlansLatestBuildAndWhatRunsWhere() throws Exception {
        Cli.Result plans = cli().run("plans");

        assertEquals(0, plans.exitCode(), plans.toString());
        assertEquals("PLAN        BUILD  STATE   COMMIT   UPDATED", plans.lines().get(0).substring(0, 43), plans.toString());
        assertTrue(plans.lines().get(1).matches("hello-site  #3     served  ab33333  (just now|\\S+ ago)\\s+review #3 running http://127.0.0.1:32771/"), plans.toString());
        assertEquals("Bearer " + TOKEN, status.received("GET", "/plans").get(0).header("Authorization"));
    }

    @Test
    void jsonPrintsStatusServicesAnswerIndented() throws Exception {
        Cli.Result json = cli().run("show", "hello-site", "3", "--json");

        assertEquals(0, json.exitCode(), json.toString());
        JsonNode printed = FakeService.JSON.readTree(json.out());
        assertEquals("hello-site/3", printed.get("id").asText());
        assertEquals("http://127.0.0.1:8083/images/hello-site/3/log", printed.at("/links/log").asText());
        assertTrue(json.out().contains("\n  \"plan\" : \"hello-site\""), "indented: " + json.out());
    }

    @Test
    void buildsShowsAPageNewestFirstAndHowToGetTheNext() throws Exception {
        Cli.Result builds = cli().run("builds", "hello-site", "--page", "2", "--size", "1");

        assertEquals(0, builds.exitCode(), builds.toString());
        assertEquals("page=1&size=1", status.received("GET", "/plans/hello-site/builds").get(0).query());
        assertTrue(builds.lines().get(0).startsWith("BUILD  STATE   COMMIT   BRANCH  TRIGGER  RECEIVED"), builds.toString());
        assertTrue(builds.lines().get(1).startsWith("#2     served  ab22222  main    push"), builds.toString());
        assertEquals("page 2 of 3 (3 builds); next: slipway builds hello-site --page 3", builds.lastLine());
    }

    @Test
    void showOfAFailedBuildSaysWhereAndWhyFirst() throws Exception {
        Cli.Result show = cli().run("show", "storefront", "abfffff");

        assertEquals(0, show.exitCode(), show.toString());
        assertEquals("storefront (not numbered yet) · commit abfffff on main · \"my first build\"", show.lines().get(0));
        assertEquals("failed at artifact: " + FAILED_REASON, show.lines().get(1));
        assertTrue(show.out().contains("artifact  failed"), show.toString());
        assertTrue(show.out().contains("10:00:01  artifact gave up: " + FAILED_REASON), "timeline in UTC: " + show);
    }

    @Test
    void showOfAPreviewNamesItsPullRequestAndARolledBackDeploymentSaysSo() throws Exception {
        Cli.Result show = cli().run("show", "greeting", "4");

        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.lines().contains("trigger       pull-request"), show.toString());
        assertTrue(show.lines().contains("pull request  #12 New greeting, previewed in pr-12  https://github.com/acme/hello-site/pull/12"),
                show.toString());
        assertTrue(show.out().contains("deploy production  rolled-back"), show.toString());
        assertTrue(show.out().contains(ROLLED_BACK), show.toString());
    }

    @Test
    void showOfAServedBuildGivesItsStagesAndUrl() throws Exception {
        Cli.Result show = cli().run("show", "hello-site", "latest");

        assertEquals(0, show.exitCode(), show.toString());
        assertEquals("served at http://127.0.0.1:32771/ (review)", show.lines().get(1));
        assertTrue(show.out().contains("image          succeeded  10:00:02  10:00:02  10:00:09  7.3s"), show.toString());
        assertTrue(show.out().contains("slipway logs hello-site 3"), show.toString());
    }

    @Test
    void lagPrintsTheMonitoringTable() throws Exception {
        Cli.Result lag = cli().run("lag");

        assertEquals(0, lag.exitCode(), lag.toString());
        assertEquals(java.util.List.of(
                "STAGE     GROUP             LAG  OLDEST  IN/MIN  OUT/MIN  DLT   P50   P95",
                "artifact  artifact-service    0       -     2.0      2.0    0  1.2s  2.5s",
                "image     image-service       7  1m 35s     3.5      0.0    1  8.0s   14s",
                "dead letters: slipway.artifact-stored.dlt holds 1",
                "sampled 2026-11-25 10:00:00 UTC; rates over 1m 00s, durations over 1h 00m"), lag.lines());
    }

    @Test
    void anUnknownBuildIsExit5WithStatusServicesMessage() throws Exception {
        Cli.Result show = cli().run("show", "hello-site", "42");

        assertEquals(5, show.exitCode(), show.toString());
        assertEquals("plan 'hello-site' has no build '42'\n", show.err());
        assertEquals("", show.out());
    }

    @Test
    void anotherServiceErrorIsExit1WithItsMessage() throws Exception {
        Cli.Result builds = cli().run("builds", "broken");

        assertEquals(1, builds.exitCode(), builds.toString());
        assertEquals("status-service answered 500: the read model at /var/lib/slipway/status/status.mv.db is damaged\n", builds.err());
    }

    @Test
    void aServiceThatIsNotRunningIsExit3() throws Exception {
        String closed = closedPortUrl();
        Cli.Result plans = cli().env("SLIPWAY_STATUS_URL", closed).run("plans");

        assertEquals(3, plans.exitCode(), plans.toString());
        assertEquals("cannot reach status-service at " + closed + ": connection refused — is Slipway running? (bin/slipway start)\n", plans.err());
    }

    @Test
    void withoutATokenTheCommandSaysWhereItLooked() throws Exception {
        Cli.Result plans = Cli.withData(data).env("SLIPWAY_STATUS_URL", status.url()).run("plans");

        assertEquals(4, plans.exitCode(), plans.toString());
        assertEquals("status-service needs a token: this endpoint needs a bearer token: send 'Authorization: Bearer <token>' with a token "
                + "that has the viewer role; none was found: SLIPWAY_TOKEN and SLIPWAY_TOKEN_FILE are not set, and the default token file "
                + data.resolve("admin-token") + ", which does not exist\n", plans.err());
    }

    @Test
    void theTokenFileIsSentAndNeverPrinted() throws Exception {
        Path tokenFile = Files.writeString(data.resolve("my-token"), "not-a-token-it-knows\n");
        Cli.Result plans = Cli.withData(data).env("SLIPWAY_STATUS_URL", status.url()).env("SLIPWAY_TOKEN_FILE", tokenFile.toString()).run("plans");

        assertEquals(4, plans.exitCode(), plans.toString());
        assertTrue(plans.err().startsWith("the token was refused by status-service: the bearer token is not one this service accepts"), plans.toString());
        assertTrue(plans.err().endsWith("(the token came from " + tokenFile + ")\n"), plans.toString());
        assertFalse(plans.toString().contains("not-a-token-it-knows"), "the token must never be printed: " + plans);
        assertTrue(status.received().stream().anyMatch(request -> "Bearer not-a-token-it-knows".equals(request.header("Authorization"))));
    }

    @Test
    void theAdminTokenBinSlipwayWroteIsFoundInSlipwayData() throws Exception {
        Files.writeString(data.resolve("admin-token"), TOKEN + "\n");
        Cli.Result plans = Cli.withData(data).env("SLIPWAY_STATUS_URL", status.url()).run("plans");

        assertEquals(0, plans.exitCode(), plans.toString());
    }

    @Test
    void aBadPlanNameIsAUsageErrorBeforeAnyRequest() throws Exception {
        int before = status.received().size();
        Cli.Result show = cli().run("show", "Hello_Site", "3");

        assertEquals(2, show.exitCode(), show.toString());
        assertTrue(show.err().contains("plan name 'Hello_Site' is invalid"), show.toString());
        assertEquals(1, show.err().lines().count(), "one line: " + show.err());
        assertEquals(before, status.received().size());
    }

    /** A port nothing listens on: one the kernel just handed out, closed again. */
    private static String closedPortUrl() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + probe.getLocalPort();
        }
    }
}
