package dev.slipway.cli.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code slipway watch} of the packaged jar, piped (so plain lines), against status-service's API and
 * event stream served by a real HTTP server: a build followed to its URL (exit 0) or to its failure
 * (exit 1), a commit waited for until it appears, a stream that drops while the service restarts,
 * and a timeout that says what the build still waited for.
 */
class WatchIT {
    private static final String TOKEN = "viewer-token";
    private static final String URL = "http://127.0.0.1:32771/";
    private static StatusDouble status;

    @TempDir
    Path data;

    @BeforeAll
    static void serveStatus() throws IOException {
        status = new StatusDouble();
        status.acceptToken(TOKEN, "viewer");
    }

    @AfterAll
    static void stop() {
        status.close();
    }

    private Cli cli() {
        return Cli.withData(data).env("SLIPWAY_TOKEN", TOKEN).env("SLIPWAY_STATUS_URL", status.url());
    }

    private static String line(String time, String label, String text) {
        return time + "  " + String.format("%-18s", label) + text;
    }

    private static BuildJson imageRunning(String plan, long number, char commit) {
        return BuildJson.of(plan, number, BuildJson.commit(commit))
                .stage("artifact", null, "succeeded", 0, 1, 2, null)
                .stage("image", null, "running", 2, 2, null, null)
                .state("running", 2);
    }

    private void awaitFollowing(Cli.Running watch, String plan, String printed) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.subscribers(plan) > 0 && watch.out().contains(printed));
    }

    @Test
    void followsABuildThroughItsStagesToItsUrl() throws Exception {
        BuildJson build = imageRunning("served-site", 3, '3');
        status.store(build);
        Cli.Running watch = cli().start("watch", "served-site", "3");
        awaitFollowing(watch, "served-site", "image");

        status.publish(build.stage("image", null, "succeeded", 2, 2, 9, null).stage("deploy", "review", "running", 9, 9, null, null).state("running", 9));
        status.publish(build.stage("deploy", "review", "succeeded", 9, 9, 11, null).environment("review", "running", URL, 11).state("served", 11));
        Cli.Result result = watch.awaitExit(30);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "served-site #3 · commit ab33333 on main · \"my first build\"",
                line("10:00:02", "artifact", "succeeded in 1.3s"),
                line("10:00:02", "image", "running"),
                line("10:00:09", "image", "succeeded in 7.3s"),
                line("10:00:09", "deploy review", "running"),
                line("10:00:11", "deploy review", "succeeded in 2.3s"),
                "served at " + URL), result.lines());
        assertFalse(result.out().contains("\u001b"), "no escape sequences into a pipe: " + result);
    }

    @Test
    void withoutABuildTheNewestIsFollowedAndItsFailureEndsTheWatch() throws Exception {
        status.store(BuildJson.of("broken-site", 1L, BuildJson.commit('1')).state("served", 1));
        BuildJson newest = imageRunning("broken-site", 2, '2');
        status.store(newest);
        Cli.Running watch = cli().start("watch", "broken-site");
        awaitFollowing(watch, "broken-site", "broken-site #2");

        String reason = "test command 'make test' exited 2";
        status.publish(newest.stage("image", null, "failed", 2, 2, 6, reason).failed("image", reason, 6));
        Cli.Result result = watch.awaitExit(30);

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(line("10:00:06", "image", "failed in 4.3s: " + reason), result.lines().get(result.lines().size() - 2));
        assertEquals("failed at image: " + reason, result.lastLine());
    }

    @Test
    void aCommitPushedAMomentAgoIsWaitedForUntilItAppears() throws Exception {
        String commit = BuildJson.commit('c');
        Cli.Running watch = cli().start("watch", "new-site", commit.substring(0, 7));
        awaitFollowing(watch, "new-site", "waiting for commit abccccc of plan new-site to reach status-service");

        BuildJson build = BuildJson.of("new-site", null, commit);
        status.publish(build);
        status.publish(build.number(1).stage("artifact", null, "succeeded", 0, 1, 2, null).stage("image", null, "queued", 2, null, null, null).state("running", 2));
        status.publish(build.stage("image", null, "succeeded", 2, 3, 8, null).stage("deploy", "review", "succeeded", 8, 8, 10, null)
                .environment("review", "running", URL, 10).state("served", 10));
        Cli.Result result = watch.awaitExit(30);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "waiting for commit abccccc of plan new-site to reach status-service",
                "new-site (not numbered yet) · commit abccccc on main · \"my first build\"",
                "new-site commit abccccc is build #1",
                line("10:00:02", "artifact", "succeeded in 1.3s"),
                line("10:00:02", "image", "queued"),
                line("10:00:08", "image", "succeeded in 5.3s"),
                line("10:00:10", "deploy review", "succeeded in 2.3s"),
                "served at " + URL), result.lines());
    }

    @Test
    void aStreamThatDropsWhileTheServiceRestartsIsReconnectedAndCaughtUp() throws Exception {
        BuildJson build = imageRunning("restart-site", 5, '5');
        status.store(build);
        Cli.Running watch = cli().start("watch", "restart-site", "5");
        awaitFollowing(watch, "restart-site", "image");

        status.restart(() -> {
            status.dropStreams();
            await().atMost(Duration.ofSeconds(20)).until(() -> watch.out().contains("lost the event stream"));
            // what happens while it is down reaches no stream: the watch must ask for it
            status.store(build.stage("image", null, "succeeded", 2, 2, 9, null).stage("deploy", "review", "running", 9, 9, null, null).state("running", 9));
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> status.subscribers("restart-site") > 0 && watch.out().contains("deploy review"));
        status.publish(build.stage("deploy", "review", "succeeded", 9, 9, 11, null).environment("review", "running", URL, 11).state("served", 11));
        Cli.Result result = watch.awaitExit(30);

        assertEquals(0, result.exitCode(), result.toString());
        List<String> lines = result.lines();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("lost the event stream (") && line.endsWith("; reconnecting")), result.toString());
        assertTrue(lines.contains("reconnected to status-service"), result.toString());
        int reconnected = lines.indexOf("reconnected to status-service");
        assertEquals(List.of(line("10:00:09", "image", "succeeded in 7.3s"), line("10:00:09", "deploy review", "running"),
                line("10:00:11", "deploy review", "succeeded in 2.3s"), "served at " + URL), lines.subList(reconnected + 1, lines.size()));
    }

    @Test
    void aTimeoutSaysWhatTheBuildStillWaitedFor() throws Exception {
        status.store(imageRunning("slow-site", 6, '6'));

        Cli.Result result = cli().run("watch", "slow-site", "6", "--timeout", "2s");

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("timed out after 2.0s, still waiting for image of slow-site #6 to finish (running for "), result.toString());
        assertEquals(1, result.err().lines().count(), result.toString());
    }

    @Test
    void aBuildNumberThatDoesNotExistIsExit5AtOnce() throws Exception {
        status.store(imageRunning("numbered-site", 1, '1'));

        Cli.Result result = cli().run("watch", "numbered-site", "9");

        assertEquals(5, result.exitCode(), result.toString());
        assertEquals("plan 'numbered-site' has no build '9'\n", result.err());
    }
}
