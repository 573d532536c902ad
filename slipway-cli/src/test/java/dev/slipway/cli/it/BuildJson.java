package dev.slipway.cli.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/** Builds as status-api.md shapes them (summary, plus the details of one build), for the doubles to serve. */
final class BuildJson {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.000Z");

    private final ObjectNode node = FakeService.JSON.createObjectNode();

    private BuildJson(String plan, Long number, String commit) {
        String request = UUID.nameUUIDFromBytes((plan + commit).getBytes()).toString();
        node.put("plan", plan);
        if (number == null) {
            node.putNull("number");
        } else {
            node.put("number", number);
        }
        node.put("id", number == null ? plan + "@" + request : plan + "/" + number);
        node.put("request", request);
        node.put("trigger", "push");
        node.put("commit", commit);
        node.put("shortCommit", commit.substring(0, 7));
        node.put("branch", "main");
        node.put("repository", "git://127.0.0.1:9418/" + plan + ".git");
        node.putObject("author").put("name", "Ada Lovelace").put("email", "ada@example.org");
        node.put("message", "my first build");
        node.put("receivedAt", T0.toString());
        node.put("updatedAt", T0.toString());
        node.put("state", "received");
        node.putNull("reason");
        node.putNull("failedStage");
        node.putArray("stages");
        node.putArray("environments");
    }

    static BuildJson of(String plan, Long number, String commit) {
        return new BuildJson(plan, number, commit);
    }

    static String commit(char fill) {
        return "ab" + String.valueOf(fill).repeat(38);
    }

    BuildJson number(long number) {
        node.put("number", number);
        node.put("id", node.get("plan").asText() + "/" + number);
        return this;
    }

    /** A preview: the build of pull request {@code number}'s head, deployed to {@code pr-<number>}. */
    BuildJson pullRequest(int number, String title) {
        node.put("trigger", "pull-request");
        node.putObject("pullRequest").put("number", number).put("title", title)
                .put("url", "https://github.com/acme/hello-site/pull/" + number).put("environment", "pr-" + number);
        return this;
    }

    BuildJson state(String state, int secondsAfterStart) {
        node.put("state", state);
        node.put("updatedAt", T0.plusSeconds(secondsAfterStart).toString());
        return this;
    }

    BuildJson failed(String stage, String reason, int secondsAfterStart) {
        state("failed", secondsAfterStart);
        node.put("failedStage", stage);
        node.put("reason", reason);
        return this;
    }

    BuildJson message(String message) {
        node.put("message", message);
        return this;
    }

    /**
     * Sets a stage (replacing the entry of the same stage and environment): queued at {@code queued}
     * seconds, started at {@code started}, finished at {@code finished} (null for not yet).
     */
    BuildJson stage(String stage, String environment, String state, Integer queued, Integer started, Integer finished, String reason) {
        ArrayNode stages = (ArrayNode) node.get("stages");
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).get("stage").asText().equals(stage) && stages.get(i).get("environment").asText("").equals(environment == null ? "" : environment)) {
                stages.remove(i);
                break;
            }
        }
        ObjectNode entry = stages.addObject();
        entry.put("stage", stage);
        if (environment == null) {
            entry.putNull("environment");
        } else {
            entry.put("environment", environment);
        }
        entry.put("state", state);
        time(entry, "queuedAt", queued);
        time(entry, "startedAt", started);
        time(entry, "finishedAt", finished);
        if (finished != null) {
            entry.put("durationSeconds", finished - (started != null ? started : queued) + 0.25);
        } else {
            entry.putNull("durationSeconds");
        }
        if (reason == null) {
            entry.putNull("reason");
        } else {
            entry.put("reason", reason);
        }
        if (stage.equals("deploy")) {
            entry.put("detail", "automatic");
        } else {
            entry.putNull("detail");
        }
        return this;
    }

    BuildJson environment(String environment, String state, String url, int secondsAfterStart) {
        ArrayNode environments = (ArrayNode) node.get("environments");
        environments.removeAll();
        ObjectNode entry = environments.addObject();
        entry.put("environment", environment);
        entry.put("state", state);
        if (url == null) {
            entry.putNull("url");
        } else {
            entry.put("url", url);
        }
        entry.putNull("reason");
        entry.put("detail", "automatic");
        entry.put("updatedAt", T0.plusSeconds(secondsAfterStart).toString());
        return this;
    }

    private static void time(ObjectNode entry, String field, Integer seconds) {
        if (seconds == null) {
            entry.putNull(field);
        } else {
            entry.put(field, T0.plusSeconds(seconds).toString());
        }
    }

    /** The summary: what lists and the event stream carry. */
    ObjectNode summary() {
        return node.deepCopy();
    }

    /** One build: the summary and its details. */
    ObjectNode details() {
        ObjectNode build = node.deepCopy();
        String plan = node.get("plan").asText();
        boolean numbered = node.hasNonNull("number");
        if (numbered) {
            build.putObject("artifact").put("url", "http://127.0.0.1:8082/artifacts/" + plan + "/" + node.get("number").asText())
                    .put("sha256", "sha256:" + "5".repeat(64)).put("sizeBytes", 20480);
        } else {
            build.putNull("artifact");
        }
        build.putNull("image");
        ObjectNode links = build.putObject("links");
        if (numbered) {
            links.put("log", "http://127.0.0.1:8083/images/" + plan + "/" + node.get("number").asText() + "/log");
        } else {
            links.putNull("log");
        }
        links.putNull("artifact");
        links.put("self", "/plans/" + plan + "/builds/" + (numbered ? node.get("number").asText() : node.get("request").asText()));
        ArrayNode timeline = build.putArray("timeline");
        timeline.addObject().put("time", T0.toString()).put("type", "commit-received").putNull("stage").putNull("environment")
                .put("summary", "push of " + node.get("shortCommit").asText() + " on main by Ada Lovelace").put("eventId", node.get("request").asText());
        if ("failed".equals(node.get("state").asText())) {
            timeline.addObject().put("time", node.get("updatedAt").asText()).put("type", "stage-failed").put("stage", node.get("failedStage").asText())
                    .putNull("environment").put("summary", node.get("failedStage").asText() + " gave up: " + node.get("reason").asText())
                    .put("eventId", UUID.randomUUID().toString());
        }
        return build;
    }
}
