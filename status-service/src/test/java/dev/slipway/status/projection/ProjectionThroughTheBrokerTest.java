package dev.slipway.status.projection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Stage;
import dev.slipway.status.testing.RunningStatusService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.slipway.events.Topics;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.time.temporal.ChronoUnit;

import static dev.slipway.events.testing.SampleEvents.artifactStored;
import static dev.slipway.events.testing.SampleEvents.commitReceived;
import static dev.slipway.events.testing.SampleEvents.deployRequested;
import static dev.slipway.events.testing.SampleEvents.deploymentFinished;
import static dev.slipway.events.testing.SampleEvents.imageBuilt;
import static dev.slipway.events.testing.SampleEvents.stageStarted;
import static dev.slipway.events.testing.SampleEvents.uniquePlan;
import static dev.slipway.events.testing.SampleEvents.pullRequest;
import static dev.slipway.events.testing.SampleEvents.pullRequestClosed;
import static dev.slipway.events.testing.SampleEvents.pullRequestOpened;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The projection rules, fed through the real broker and read through the API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionThroughTheBrokerTest {
    private RunningStatusService status;

    @BeforeAll
    void start() {
        status = RunningStatusService.start();
    }

    @AfterAll
    void stop() {
        if (status != null) {
            status.close();
        }
    }

    @Test
    void aWholeChainIsServedWithEveryStagesTimesItsArtifactImageUrlAndLogLink() {
        PlanName plan = uniquePlan("chain");
        CommitReceived commit = status.publish(commitReceived(plan));
        status.publish(new StageProgressed(EventId.random(), commit.eventId(), now(), plan, null, commit.commit(), Stage.ARTIFACT, null,
                Progress.STARTED, null));
        ArtifactStored artifact = status.publish(artifactStored(commit, 1));
        status.publish(stageStarted(artifact));
        ImageBuilt image = status.publish(imageBuilt(artifact));
        DeployRequested deploy = status.publish(deployRequested(image));
        DeploymentFinished finished = status.publish(deploymentFinished(deploy));

        JsonNode build = status.awaitBuild(plan, "1", b -> b.path("state").asText().equals("served"));
        assertEquals(plan + "/1", build.path("id").asText());
        assertEquals(commit.eventId().toString(), build.path("request").asText());
        assertEquals("push", build.path("trigger").asText());
        assertEquals(commit.commit().value(), build.path("commit").asText());
        assertEquals(commit.commit().value().substring(0, 7), build.path("shortCommit").asText());
        assertEquals("Zoë Ünicode", build.path("author").path("name").asText());
        JsonNode stages = build.path("stages");
        assertEquals(3, stages.size(), stages::toString);
        assertEquals("artifact", stages.get(0).path("stage").asText());
        assertEquals("image", stages.get(1).path("stage").asText());
        assertEquals("deploy", stages.get(2).path("stage").asText());
        for (JsonNode stage : stages) {
            assertEquals("succeeded", stage.path("state").asText(), stage::toString);
            assertTrue(stage.path("queuedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), stage::toString);
            assertTrue(stage.path("finishedAt").isTextual(), stage::toString);
            assertTrue(stage.path("durationSeconds").isNumber(), stage::toString);
        }
        assertTrue(stages.get(0).path("startedAt").isTextual() && stages.get(1).path("startedAt").isTextual(), stages::toString);
        assertEquals("review", stages.get(2).path("environment").asText());
        assertEquals("automatic", stages.get(2).path("detail").asText());
        assertEquals(artifact.sha256().value(), build.path("artifact").path("sha256").asText());
        assertEquals(20480, build.path("artifact").path("sizeBytes").asLong());
        assertEquals(image.image().digest().value(), build.path("image").path("digest").asText());
        assertEquals("running", build.path("environments").get(0).path("state").asText());
        assertEquals(finished.url().toString(), build.path("environments").get(0).path("url").asText());
        assertEquals("http://127.0.0.1:8083/images/" + plan + "/1/log", build.path("links").path("log").asText());
        assertEquals("/plans/" + plan + "/builds/1", build.path("links").path("self").asText());
        assertEquals(7, build.path("timeline").size(), build.path("timeline")::toString);
        assertEquals("commit-received", build.path("timeline").get(0).path("type").asText());

        JsonNode planView = status.get("/plans/" + plan).expect(200).json();
        assertEquals(1, planView.path("latestBuild").path("number").asLong());
        assertEquals("review", planView.path("environments").get(0).path("environment").asText());
        assertEquals(1, planView.path("environments").get(0).path("build").asLong());
        assertEquals(false, planView.path("failing").asBoolean());
    }

    @Test
    void aRollbackServesTheOlderBuildAgainAndTheNewerOneNoLongerRunsThere() {
        PlanName plan = uniquePlan("rollback");
        ImageBuilt first = status.publish(imageBuilt(status.publish(artifactStored(status.publish(commitReceived(plan)), 1))));
        ImageBuilt second = status.publish(imageBuilt(status.publish(artifactStored(status.publish(commitReceived(plan)), 2))));
        status.publishAndAwaitRead(running(status.publishAndAwaitRead(toProduction(first, DeployReason.AUTOMATIC))));
        status.publishAndAwaitRead(running(status.publishAndAwaitRead(toProduction(second, DeployReason.AUTOMATIC))));
        assertEquals("superseded", status.awaitBuild(plan, "1", b -> true).path("state").asText(), "build 2 took production over");

        status.publishAndAwaitRead(running(status.publishAndAwaitRead(toProduction(first, DeployReason.ROLLBACK))));

        JsonNode rolledBack = status.awaitBuild(plan, "1", b -> b.path("state").asText().equals("served"));
        JsonNode deployments = rolledBack.path("stages");
        assertEquals("rollback", deployments.get(deployments.size() - 1).path("detail").asText(), deployments::toString);
        assertEquals("running", rolledBack.path("environments").get(0).path("state").asText());
        JsonNode newer = status.get("/plans/" + plan + "/builds/2").expect(200).json();
        assertEquals("superseded", newer.path("state").asText(), newer::toString);
        assertEquals("build 1 runs in production now", newer.path("reason").asText());
        assertEquals("superseded", newer.path("environments").get(0).path("state").asText());
        JsonNode production = status.get("/plans/" + plan).expect(200).json().path("environments").get(0);
        assertEquals("production", production.path("environment").asText());
        assertEquals(1, production.path("build").asLong());
        assertEquals("running", production.path("state").asText());
    }

    private static DeployRequested toProduction(ImageBuilt image, DeployReason reason) {
        return new DeployRequested(EventId.random(), reason == DeployReason.AUTOMATIC ? image.eventId() : null, now(), image.build(),
                image.commit(), image.image(), image.descriptor(), EnvironmentName.of("production"), reason);
    }

    /** Runs as the environment's one app, as a stable environment's deployments do. */
    private static DeploymentFinished running(DeployRequested request) {
        return new DeploymentFinished(EventId.random(), request.eventId(), now(), request.build(), request.commit(), request.environment(),
                "docker", "slipway-" + request.plan() + "-production", DeploymentState.RUNNING, URI.create("http://127.0.0.1:31002/"), null);
    }

    @Test
    void aCommitThatNeverGotANumberIsAVisibleFailedBuildAddressedByItsRequest() {
        PlanName plan = uniquePlan("unnumbered");
        CommitReceived commit = status.publish(commitReceived(plan));
        status.publish(new StageFailed(EventId.random(), commit.eventId(), now(), plan, null, commit.commit(), Stage.ARTIFACT,
                "dependency.json: resources.mem is not a field; did you mean resources.memory?", false));

        JsonNode build = status.awaitBuild(plan, commit.eventId().toString(), b -> b.path("state").asText().equals("failed"));
        assertTrue(build.path("number").isNull(), build::toString);
        assertEquals(plan + "@" + commit.eventId(), build.path("id").asText());
        assertEquals("artifact", build.path("failedStage").asText());
        assertEquals("dependency.json: resources.mem is not a field; did you mean resources.memory?", build.path("reason").asText());
        assertEquals("failed", build.path("stages").get(0).path("state").asText());
        assertTrue(build.path("links").path("log").isNull(), "no log without a number: " + build);
        assertEquals("stage-failed", build.path("timeline").get(1).path("type").asText());

        JsonNode planView = status.get("/plans/" + plan).expect(200).json();
        assertTrue(planView.path("failing").asBoolean(), planView::toString);
        assertEquals("failed", planView.path("latestBuild").path("state").asText());
        assertEquals(build.path("id"), status.get("/plans/" + plan + "/builds/latest").expect(200).json().path("id"));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        PlanName plan = uniquePlan("redelivered");
        CommitReceived commit = status.publishAndAwaitRead(commitReceived(plan));
        ArtifactStored artifact = status.publishAndAwaitRead(artifactStored(commit, 1));
        ImageBuilt image = status.publishAndAwaitRead(imageBuilt(artifact));
        String before = status.get("/plans/" + plan + "/builds/1").expect(200).body();
        assertTrue(before.contains("\"state\":\"built\""), before);

        status.publishAndAwaitRead(image);
        status.publishAndAwaitRead(artifact);
        status.publishAndAwaitRead(commit);

        assertEquals(before, status.get("/plans/" + plan + "/builds/1").expect(200).body());
        assertEquals(1, status.get("/plans/" + plan + "/builds").expect(200).json().path("total").asLong());
    }

    @Test
    void eventsArrivingBeforeTheirCauseMakeTheSameBuild() {
        PlanName plan = uniquePlan("reversed");
        CommitReceived commit = commitReceived(plan);
        StageProgressed artifactStarted = new StageProgressed(EventId.random(), commit.eventId(), now(), plan, null, commit.commit(),
                Stage.ARTIFACT, null, Progress.STARTED, null);
        ArtifactStored artifact = artifactStored(commit, 1);
        StageProgressed imageStarted = stageStarted(artifact);
        ImageBuilt image = imageBuilt(artifact);
        DeployRequested deploy = deployRequested(image);
        DeploymentFinished finished = deploymentFinished(deploy);
        for (var event : java.util.List.of(finished, deploy, image, imageStarted, artifact, artifactStarted, commit)) {
            status.publishAndAwaitRead(event);
        }

        JsonNode build = status.awaitBuild(plan, "1", b -> b.path("state").asText().equals("served"));
        assertEquals(1, status.get("/plans/" + plan + "/builds").expect(200).json().path("total").asLong());
        assertEquals(commit.eventId().toString(), build.path("request").asText());
        assertEquals("push", build.path("trigger").asText());
        assertEquals(commit.time().toString().replace("Z", ""), build.path("receivedAt").asText().replace(".000Z", "").replace("Z", ""));
        JsonNode stages = build.path("stages");
        assertEquals(3, stages.size(), stages::toString);
        for (JsonNode stage : stages) {
            assertEquals("succeeded", stage.path("state").asText(), stage::toString);
            assertTrue(stage.path("queuedAt").isTextual() && stage.path("finishedAt").isTextual(), stage::toString);
        }
        assertEquals("running", status.get("/plans/" + plan).expect(200).json().path("environments").get(0).path("state").asText());
        // The timeline is in the order things happened, not the order they were read.
        JsonNode timeline = build.path("timeline");
        assertEquals(7, timeline.size(), timeline::toString);
        for (int i = 1; i < timeline.size(); i++) {
            assertTrue(timeline.get(i - 1).path("time").asText().compareTo(timeline.get(i).path("time").asText()) <= 0, timeline::toString);
        }
    }

    @Test
    void aSecondRequestForTheSameCommitIsTheSameBuildReceivedAgain() {
        PlanName plan = uniquePlan("same-commit");
        CommitReceived push = status.publishAndAwaitRead(commitReceived(plan));
        CommitReceived merge = status.publishAndAwaitRead(new CommitReceived(EventId.random(), null, now(), plan, push.repository(),
                push.branch(), push.commit(), push.author(), push.message(), Trigger.MERGE, "merge-delivery"));
        ArtifactStored artifact = artifactStored(push, 1);
        // artifact-service answers both requests with the build's very event.
        status.publishAndAwaitRead(artifact);
        status.publishAndAwaitRead(artifact);
        CommitReceived replay = status.publishAndAwaitRead(new CommitReceived(EventId.random(), null, now(), plan, push.repository(),
                push.branch(), push.commit(), push.author(), push.message(), Trigger.PUSH, "replayed-delivery"));

        JsonNode page = status.get("/plans/" + plan + "/builds").expect(200).json();
        assertEquals(1, page.path("total").asLong(), page::toString);
        JsonNode build = status.get("/plans/" + plan + "/builds/1").expect(200).json();
        assertEquals(push.eventId().toString(), build.path("request").asText());
        assertEquals("running", build.path("state").asText(), "the image stage has its artifact: " + build);
        String timeline = build.path("timeline").toString();
        assertTrue(timeline.contains("received again (merge); same build 1"), timeline);
        assertTrue(timeline.contains("received again (push); same build 1"), timeline);
        assertEquals(1, build.path("stages").findValues("stage").stream().filter(s -> s.asText().equals("artifact")).count(),
                build.path("stages")::toString);
        for (CommitReceived request : java.util.List.of(merge, replay)) {
            assertEquals(plan + "/1", status.get("/plans/" + plan + "/builds/" + request.eventId()).expect(200).json().path("id").asText());
        }
    }

    @Test
    void parkedAndUnreadableRecordsAreKeptAsDeadLettersAndTheReadingGoesOn() throws Exception {
        PlanName plan = uniquePlan("parked");
        CommitReceived commit = status.publishAndAwaitRead(commitReceived(plan));
        ArtifactStored artifact = status.publishAndAwaitRead(artifactStored(commit, 1));
        ImageBuilt image = status.publishAndAwaitRead(imageBuilt(artifact));
        ProducerRecord<String, byte[]> written = new EventCodec("/slipway/test").toRecord(image);
        ConsumerRecord<String, byte[]> asRead = new ConsumerRecord<>(written.topic(), 2, 41, written.key(), written.value());
        written.headers().forEach(header -> asRead.headers().add(header));
        RecordMetadata parked = status.service().bean(EventPublisher.class)
                .deadLetter(asRead, "the deploy stage gave up on slipway.image-built-2@41 after its retries: disk full").get(20, TimeUnit.SECONDS);
        status.awaitRead(parked);

        status.publishRawAndAwaitRead(new ProducerRecord<>(Topics.COMMIT_RECEIVED, plan.value(), "{not json".getBytes(StandardCharsets.UTF_8)));
        ImageBuilt afterIt = status.publishAndAwaitRead(imageBuilt(artifactStored(commit, 2)));

        JsonNode letters = status.get("/dead-letters?topic=slipway.image-built.dlt&limit=100").expect(200).json().path("deadLetters");
        JsonNode letter = find(letters, image.eventId().toString());
        assertEquals("slipway.image-built", letter.path("originalTopic").asText());
        assertEquals(plan.value(), letter.path("plan").asText());
        assertEquals(parked.offset(), letter.path("offset").asLong());
        assertTrue(letter.path("reason").asText().contains("disk full"), letter::toString);
        JsonNode timeline = status.get("/plans/" + plan + "/builds/1").expect(200).json().path("timeline");
        assertEquals("dead-lettered", timeline.get(timeline.size() - 1).path("type").asText(), timeline::toString);

        JsonNode unreadable = status.get("/dead-letters?topic=slipway.commit-received").expect(200).json().path("deadLetters");
        assertTrue(unreadable.toString().contains("status-service could not read it"), unreadable::toString);
        assertEquals(plan.value(), unreadable.get(0).path("plan").asText());
        assertEquals("built", status.get("/plans/" + plan + "/builds/2").expect(200).json().path("state").asText(),
                "the record after the unreadable one was applied: " + afterIt);
    }

    private static JsonNode find(JsonNode letters, String eventId) {
        for (JsonNode letter : letters) {
            if (eventId.equals(letter.path("eventId").asText())) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter of event " + eventId + " in " + letters);
    }


    @Test
    void aRolledBackBuildDidNotDeployAndProductionStillServesTheBuildBefore() {
        PlanName plan = uniquePlan("rolled-back");
        ImageBuilt first = status.publish(imageBuilt(status.publish(artifactStored(status.publish(commitReceived(plan)), 1))));
        ImageBuilt second = status.publish(imageBuilt(status.publish(artifactStored(status.publish(commitReceived(plan)), 2))));
        // Deployments are published as started, not requested: a deploy-service of another test reading the
        // shared broker would take a DeployRequested up.
        status.publishAndAwaitRead(running(started(toProduction(first, DeployReason.AUTOMATIC))));
        DeployRequested secondToProduction = started(toProduction(second, DeployReason.AUTOMATIC));
        status.publishAndAwaitRead(new DeploymentFinished(EventId.random(), secondToProduction.eventId(), now(), second.build(), second.commit(),
                secondToProduction.environment(), "docker", "slipway-" + plan + "-production-green", DeploymentState.ROLLED_BACK,
                URI.create("http://127.0.0.1:31002/"), "health check /health answered 503 three times"));

        JsonNode rolledBack = status.awaitBuild(plan, "2", b -> b.path("state").asText().equals("failed"));
        assertEquals("deploy", rolledBack.path("failedStage").asText(), rolledBack::toString);
        assertEquals("rolled back in production: health check /health answered 503 three times; production still serves the build before "
                + "at http://127.0.0.1:31002/", rolledBack.path("reason").asText());
        JsonNode environment = rolledBack.path("environments").get(0);
        assertEquals("rolled-back", environment.path("state").asText(), environment::toString);
        JsonNode deployStage = null;
        for (JsonNode stage : rolledBack.path("stages")) {
            deployStage = stage.path("stage").asText().equals("deploy") ? stage : deployStage;
        }
        assertEquals("rolled-back", deployStage == null ? null : deployStage.path("state").asText(), rolledBack.path("stages")::toString);
        JsonNode timeline = rolledBack.path("timeline");
        assertEquals("rolled back in production: health check /health answered 503 three times; production still serves the build before "
                + "at http://127.0.0.1:31002/", timeline.get(timeline.size() - 1).path("summary").asText(), timeline::toString);

        assertEquals("served", status.get("/plans/" + plan + "/builds/1").expect(200).json().path("state").asText(), "build 1 still serves");
        JsonNode production = status.get("/plans/" + plan).expect(200).json().path("environments").get(0);
        assertEquals(1, production.path("build").asLong(), production::toString);
        assertEquals("running", production.path("state").asText());
        assertEquals("http://127.0.0.1:31002/", production.path("url").asText());
    }

    @Test
    void aPreviewBuildNamesItsPullRequestAndItsClosingAndRemovalAreInItsTimeline() {
        PlanName plan = uniquePlan("preview");
        CommitReceived opened = status.publish(pullRequestOpened(plan, 12));
        ArtifactStored artifact = status.publish(artifactStored(opened, 1, pullRequest(12)));
        ImageBuilt image = status.publish(imageBuilt(artifact));
        DeployRequested deploy = started(new DeployRequested(EventId.random(), image.eventId(), now(), image.build(), image.commit(),
                image.image(), image.descriptor(), EnvironmentName.of("pr-12"), DeployReason.AUTOMATIC));
        status.publish(new DeploymentFinished(EventId.random(), deploy.eventId(), now(), deploy.build(), deploy.commit(), deploy.environment(),
                "docker", "slipway-" + plan + "-pr-12", DeploymentState.RUNNING, URI.create("http://127.0.0.1:31012/"), null));
        JsonNode served = status.awaitBuild(plan, "1", b -> b.path("state").asText().equals("served"));
        assertEquals(12, served.path("pullRequest").path("number").asInt(), served::toString);
        assertEquals("New checkout", served.path("pullRequest").path("title").asText());
        assertEquals("https://github.com/slipway/shop/pull/12", served.path("pullRequest").path("url").asText());
        assertEquals("pr-12", served.path("pullRequest").path("environment").asText());
        assertTrue(served.path("timeline").get(0).path("summary").asText().endsWith("; preview of pull request #12 New checkout in pr-12"),
                served.path("timeline")::toString);
        assertEquals(12, status.get("/plans/" + plan + "/builds").expect(200).json().path("builds").get(0).path("pullRequest")
                .path("number").asInt(), "the list's summaries say it too");

        status.publishAndAwaitRead(pullRequestClosed(plan, 12, dev.slipway.events.domain.PullRequestOutcome.MERGED));
        status.publishAndAwaitRead(new DeploymentFinished(EventId.random(), deploy.eventId(), now(), deploy.build(), deploy.commit(),
                deploy.environment(), "docker", "slipway-" + plan + "-pr-12", DeploymentState.REMOVED, null, "pull request #12 merged"));

        JsonNode removed = status.awaitBuild(plan, "1", b -> b.path("state").asText().equals("superseded"));
        assertEquals("pr-12 removed: pull request #12 merged", removed.path("reason").asText(), removed::toString);
        assertEquals("removed", removed.path("environments").get(0).path("state").asText());
        java.util.List<String> lines = new java.util.ArrayList<>();
        removed.path("timeline").forEach(line -> lines.add(line.path("summary").asText()));
        assertTrue(lines.contains("pull request #12 merged; preview pr-12 removed"), lines::toString);
        assertTrue(lines.contains("preview pr-12 removed: pull request #12 merged"), lines::toString);
        JsonNode environment = status.get("/plans/" + plan).expect(200).json().path("environments").get(0);
        assertEquals("pr-12", environment.path("environment").asText());
        assertEquals("removed", environment.path("state").asText(), environment::toString);
    }

    /** Publishes that the request's deployment started (the request itself stays off the broker), and returns the request. */
    private DeployRequested started(DeployRequested request) {
        status.publishAndAwaitRead(new StageProgressed(EventId.random(), request.eventId(), now(), request.plan(), request.build(),
                request.commit(), Stage.DEPLOY, request.environment(), Progress.STARTED, null));
        return request;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
