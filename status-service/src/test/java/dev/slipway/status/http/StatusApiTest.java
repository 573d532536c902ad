package dev.slipway.status.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.testing.RunningStatusService;
import dev.slipway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.slipway.events.testing.SampleEvents.artifactStored;
import static dev.slipway.events.testing.SampleEvents.uniquePlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP API as the CLI and the dashboard use it: plans, pages of builds, refs, errors, the live stream, access, OpenAPI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusApiTest {
    private static final Random RANDOM = new Random();

    private RunningStatusService status;
    private PlanName plan;
    private final List<CommitReceived> commits = new ArrayList<>();

    @BeforeAll
    void startWithAPlanOfThreeBuilds() {
        status = RunningStatusService.start();
        plan = uniquePlan("api");
        for (int number = 1; number <= 3; number++) {
            CommitReceived commit = status.publishAndAwaitRead(commit(plan, Instant.now().minusSeconds(60 - number)));
            commits.add(commit);
            status.publishAndAwaitRead(artifactStored(commit, number));
        }
    }

    @AfterAll
    void stop() {
        if (status != null) {
            status.close();
        }
    }

    @Test
    void buildsComeNewestFirstInPagesOfTheSizeAsked() {
        JsonNode first = status.get("/plans/" + plan + "/builds?size=2").expect(200).json();
        assertEquals(plan.value(), first.path("plan").asText());
        assertEquals(0, first.path("page").asInt());
        assertEquals(2, first.path("size").asInt());
        assertEquals(3, first.path("total").asLong());
        assertEquals(List.of(3L, 2L), numbers(first));
        JsonNode second = status.get("/plans/" + plan + "/builds?page=1&size=2").expect(200).json();
        assertEquals(List.of(1L), numbers(second));
        assertEquals(List.of(3L, 2L, 1L), numbers(status.get("/plans/" + plan + "/builds").expect(200).json()));
        assertEquals(20, status.get("/plans/" + plan + "/builds").json().path("size").asInt(), "the default page size");
    }

    @Test
    void aPageSizeOutsideOneToAHundredOrANegativePageIsRefusedNamingTheParameter() {
        status.get("/plans/" + plan + "/builds?size=0").expect(400, "query parameter 'size' must be between 1 and 100, was 0");
        status.get("/plans/" + plan + "/builds?size=101").expect(400, "query parameter 'size' must be between 1 and 100, was 101");
        status.get("/plans/" + plan + "/builds?page=-1").expect(400, "query parameter 'page' must be 0 or more");
        status.get("/plans/" + plan + "/builds?size=many").expect(400, "size");
    }

    @Test
    void aBuildIsFoundByNumberLatestCommitShaOrPrefixAndRequestId() {
        assertEquals(2, status.get("/plans/" + plan + "/builds/2").expect(200).json().path("number").asLong());
        assertEquals(3, status.get("/plans/" + plan + "/builds/latest").expect(200).json().path("number").asLong());
        String sha = commits.get(1).commit().value();
        assertEquals(2, status.get("/plans/" + plan + "/builds/" + sha).expect(200).json().path("number").asLong());
        assertEquals(2, status.get("/plans/" + plan + "/builds/" + sha.substring(0, 7)).expect(200).json().path("number").asLong());
        assertEquals(2, status.get("/plans/" + plan + "/builds/" + sha.substring(0, 10).toUpperCase()).expect(200).json().path("number").asLong());
        assertEquals(1, status.get("/plans/" + plan + "/builds/" + commits.get(0).eventId()).expect(200).json().path("number").asLong());
    }

    @Test
    void unknownPlansAndBuildsAre404sThatSayWhatWasAskedFor() {
        status.get("/plans/no-such-plan-here").expect(404, "no build of plan 'no-such-plan-here' is known to status-service");
        status.get("/plans/no-such-plan-here/builds").expect(404, "no build of plan 'no-such-plan-here' is known to status-service");
        status.get("/plans/no-such-plan-here/builds/1").expect(404, "no build of plan 'no-such-plan-here' is known to status-service");
        status.get("/plans/" + plan + "/builds/99").expect(404, "no build '99' of plan '" + plan + "' is known to status-service");
        status.get("/plans/" + plan + "/builds/abc1234").expect(404, "no build 'abc1234' of plan '" + plan + "'");
        status.get("/plans/" + plan + "/builds/" + EventId.random()).expect(404, "of plan '" + plan + "'");
        status.get("/plans/Not_A_Plan").expect(400, "plan name 'Not_A_Plan' is invalid");
    }

    @Test
    void plansAreListedByNameWithTheirLatestBuild() {
        JsonNode plans = status.get("/plans").expect(200).json().path("plans");
        List<String> names = new ArrayList<>();
        JsonNode ours = null;
        for (JsonNode entry : plans) {
            names.add(entry.path("plan").asText());
            if (entry.path("plan").asText().equals(plan.value())) {
                ours = entry;
            }
        }
        assertEquals(names.stream().sorted().toList(), names, "sorted by plan name");
        assertNotNull(ours, "the plan is listed: " + names);
        assertEquals(3, ours.path("latestBuild").path("number").asLong());
        assertFalse(ours.path("failing").asBoolean());
        assertTrue(ours.path("updatedAt").asText().endsWith("Z"), ours::toString);
    }

    @Test
    void aStreamClientSeesABuildChangeWithinTwoSeconds() throws Exception {
        PlanName streamed = uniquePlan("stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(status.service().uri("/plans/" + streamed + "/events"))
                .header("Authorization", "Bearer " + TestTokens.of(Role.VIEWER)).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), response.headers()::toString);
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            assertTrue(poll(lines, line -> line.startsWith(":"), Duration.ofSeconds(5)) != null, "a comment opens the stream: " + lines);

            status.publish(SampleEvents.commitReceived(uniquePlan("another-plan")));
            CommitReceived commit = status.publish(SampleEvents.commitReceived(streamed));
            Instant published = Instant.now();
            String event = poll(lines, line -> line.equals("event: build") || line.equals("event:build"), Duration.ofSeconds(2));
            assertNotNull(event, "an event named build within two seconds; saw " + lines);
            String data = poll(lines, line -> line.startsWith("data:"), Duration.ofSeconds(1));
            assertNotNull(data, "its data");
            JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.substring("data:".length()).strip());
            assertEquals(streamed.value(), summary.path("plan").asText(), "only the plan's builds: " + summary);
            assertEquals(commit.eventId().toString(), summary.path("request").asText());
            assertEquals("received", summary.path("state").asText());
            assertTrue(Duration.between(published, Instant.now()).toMillis() < 2000);
        } finally {
            response.body().close();
        }
    }

    @Test
    void everyEndpointTakesAViewerAndRefusesACallerWithoutAToken() {
        for (String path : List.of("/plans", "/plans/" + plan, "/plans/" + plan + "/builds", "/plans/" + plan + "/builds/1", "/monitoring",
                "/monitoring/history", "/dead-letters", "/openapi.yml", "/events")) {
            status.anonymously().get(path).expect(401);
            status.anonymously().get(path, "Authorization", "Bearer slw_not-a-token").expect(401);
            if (!path.endsWith("events")) {
                int answer = status.as(Role.VIEWER).get(path).status();
                assertTrue(answer == 200 || answer == 503 && path.equals("/monitoring"), path + " answered a viewer " + answer);
            }
        }
        assertTrue(status.anonymously().get("/plans").message().contains(Roles.VIEWER), "the 401 names the role needed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentListsEveryPath() {
        var answer = status.get("/openapi.yml").expect(200);
        assertTrue(answer.header("Content-Type").startsWith("application/yaml"), answer.header("Content-Type"));
        Map<String, Object> document = new Yaml().load(answer.body());
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        assertEquals(List.of("/dead-letters", "/events", "/monitoring", "/monitoring/history", "/plans", "/plans/{plan}",
                "/plans/{plan}/builds", "/plans/{plan}/builds/{ref}", "/plans/{plan}/events"), paths.keySet().stream().sorted().toList());
        assertTrue(answer.body().contains("bearer"), "it says how to authenticate");
    }

    private static String poll(BlockingQueue<String> lines, java.util.function.Predicate<String> matching, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (line != null && matching.test(line)) {
                return line;
            }
        }
        return null;
    }

    private static List<Long> numbers(JsonNode page) {
        List<Long> numbers = new ArrayList<>();
        page.path("builds").forEach(build -> numbers.add(build.path("number").asLong()));
        return numbers;
    }

    private static CommitReceived commit(PlanName plan, Instant time) {
        byte[] sha = new byte[20];
        RANDOM.nextBytes(sha);
        CommitReceived sample = SampleEvents.commitReceived(plan);
        return new CommitReceived(EventId.random(), null, time.truncatedTo(ChronoUnit.MILLIS), plan, sample.repository(), sample.branch(),
                CommitSha.of(HexFormat.of().formatHex(sha)), sample.author(), sample.message(), Trigger.PUSH, "delivery-" + time);
    }
}
