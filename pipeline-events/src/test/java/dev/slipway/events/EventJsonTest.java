package dev.slipway.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequestOutcome;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.InvalidEventException;
import dev.slipway.events.testing.SampleEvents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {
    private static final PlanName PLAN = PlanName.of("shop-main");

    static List<PipelineEvent> oneOfEach() {
        CommitReceived commit = SampleEvents.commitReceived(PLAN);
        ArtifactStored artifact = SampleEvents.artifactStored(commit, 7);
        ImageBuilt image = SampleEvents.imageBuilt(artifact);
        DeployRequested deploy = SampleEvents.deployRequested(image);
        return List.of(commit, artifact, image, deploy, SampleEvents.deploymentFinished(deploy), SampleEvents.stageFailed(artifact),
                SampleEvents.deploymentWaiting(deploy),
                SampleEvents.pullRequestClosed(PLAN, 12, PullRequestOutcome.MERGED));
    }

    @Test
    void aPullRequestBuildCarriesItsPullRequestThroughTheChain() throws Exception {
        CommitReceived commit = SampleEvents.pullRequestOpened(PLAN, 12);
        ArtifactStored artifact = SampleEvents.artifactStored(commit, 8, commit.pullRequest());
        ImageBuilt image = SampleEvents.imageBuilt(artifact);
        for (PipelineEvent event : List.of(commit, artifact, image)) {
            byte[] json = EventCodec.toJson(event);
            assertEquals(event, EventCodec.fromJson(json, event.getClass()), event.type().topic());
            ObjectNode tree = (ObjectNode) EventCodec.json().readTree(json);
            assertEquals(12, tree.at("/pullRequest/number").asInt());
            assertEquals("feature/checkout", tree.at("/pullRequest/sourceBranch").asText());
        }
        assertEquals("pull-request", EventCodec.json().readTree(EventCodec.toJson(commit)).get("trigger").asText());
        assertEquals("pr-12", image.pullRequest().environment().value());
    }

    @Test
    void aBuildOfThePlansBranchHasNoPullRequestAndOlderBodiesStillRead() throws Exception {
        CommitReceived commit = SampleEvents.commitReceived(PLAN);
        ObjectNode json = (ObjectNode) EventCodec.json().readTree(EventCodec.toJson(commit));
        json.remove("pullRequest");
        assertEquals(commit, EventCodec.fromJson(EventCodec.json().writeValueAsBytes(json), CommitReceived.class));
    }

    @Test
    void aPullRequestTriggerWithoutItsPullRequestIsRejected() throws Exception {
        ObjectNode json = (ObjectNode) EventCodec.json().readTree(EventCodec.toJson(SampleEvents.pullRequestOpened(PLAN, 3)));
        json.remove("pullRequest");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.fromJson(EventCodec.json().writeValueAsBytes(json), CommitReceived.class));
        assertTrue(e.getMessage().contains("pull-request"), e.getMessage());
    }

    @Test
    void aRolledBackDeploymentIsSpelledWithAHyphenAndNeedsAReason() throws Exception {
        DeployRequested deploy = SampleEvents.deployRequested(SampleEvents.imageBuilt(SampleEvents.artifactStored(
                SampleEvents.commitReceived(PLAN), 9)));
        DeploymentFinished rolledBack = new DeploymentFinished(EventId.random(), deploy.eventId(), deploy.time(), deploy.build(),
                deploy.commit(), deploy.environment(), "docker", "shop-main-review", DeploymentState.ROLLED_BACK,
                java.net.URI.create("http://127.0.0.1:31001/"), "health check failed for 30s; build 8 still serves");
        byte[] json = EventCodec.toJson(rolledBack);
        assertEquals("rolled-back", EventCodec.json().readTree(json).get("state").asText());
        assertEquals(rolledBack, EventCodec.fromJson(json, DeploymentFinished.class));
        assertThrows(IllegalArgumentException.class, () -> new DeploymentFinished(EventId.random(), deploy.eventId(), deploy.time(),
                deploy.build(), deploy.commit(), deploy.environment(), "docker", "shop-main-review", DeploymentState.ROLLED_BACK,
                null, null));
    }

    @Test
    void everyEventSurvivesARoundTripThroughJson() {
        List<PipelineEvent> events = oneOfEach();
        assertEquals(EventType.values().length, events.size());
        for (PipelineEvent event : events) {
            byte[] json = EventCodec.toJson(event);
            assertEquals(event, EventCodec.fromJson(json, event.getClass()), event.type().topic());
        }
    }

    @Test
    void theJsonUsesPlainValuesForIdsAndNames() throws Exception {
        ImageBuilt image = (ImageBuilt) oneOfEach().get(2);
        ObjectNode json = (ObjectNode) EventCodec.json().readTree(EventCodec.toJson(image));
        assertEquals("shop-main/7", json.get("build").asText());
        assertEquals(image.image().toString(), json.get("image").asText());
        assertEquals(image.commit().value(), json.get("commit").asText());
        assertEquals(0.5, json.at("/descriptor/resources/cpus").asDouble());
    }

    @Test
    void anUnknownExtraFieldInABodyIsTolerated() throws Exception {
        CommitReceived commit = SampleEvents.commitReceived(PLAN);
        ObjectNode json = (ObjectNode) EventCodec.json().readTree(EventCodec.toJson(commit));
        json.put("addedByANewerProducer", "ignored");
        json.putObject("nested").put("also", 1);
        assertEquals(commit, EventCodec.fromJson(EventCodec.json().writeValueAsBytes(json), CommitReceived.class));
    }

    @Test
    void aMissingRequiredFieldIsRejectedWithAMessageNamingIt() throws Exception {
        for (String field : List.of("commit", "plan", "repository", "trigger")) {
            ObjectNode json = (ObjectNode) EventCodec.json().readTree(EventCodec.toJson(SampleEvents.commitReceived(PLAN)));
            json.remove(field);
            byte[] body = EventCodec.json().writeValueAsBytes(json);
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventCodec.fromJson(body, CommitReceived.class));
            assertTrue(e.getMessage().contains("missing required field '" + field + "'"), e.getMessage());
        }
    }

    @Test
    void anInvalidValueIsRejectedWithTheFieldAndTheRule() throws Exception {
        ObjectNode json = (ObjectNode) EventCodec.json().readTree(EventCodec.toJson(SampleEvents.commitReceived(PLAN)));
        json.put("plan", "Not A Plan");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.fromJson(EventCodec.json().writeValueAsBytes(json), CommitReceived.class));
        assertTrue(e.getMessage().contains("plan name 'Not A Plan' is invalid"), e.getMessage());
    }

    @Test
    void aBodyThatIsNotJsonIsRejected() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.fromJson("{not json".getBytes(StandardCharsets.UTF_8), CommitReceived.class));
        assertTrue(e.getMessage().startsWith("slipway.commit-received body is invalid"), e.getMessage());
    }

    @Test
    void anImageThatIsNotPinnedByDigestCannotBeReportedAsBuilt() throws Exception {
        ObjectNode json = (ObjectNode) EventCodec.json().readTree(EventCodec.toJson(oneOfEach().get(2)));
        json.put("image", "127.0.0.1:5000/shop:1.4.0-7");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.fromJson(EventCodec.json().writeValueAsBytes(json), ImageBuilt.class));
        assertTrue(e.getMessage().contains("must be pinned by its digest"), e.getMessage());
    }

    @Test
    void aRepositoryWithoutDescriptorGetsThePlanNameAndShortCommit() {
        BuildDescriptor defaults = BuildDescriptor.defaults(PLAN, SampleEvents.COMMIT);
        assertEquals("shop-main", defaults.name());
        assertEquals(SampleEvents.COMMIT.shortSha(), defaults.version());
        assertEquals(80, defaults.port());
        assertEquals("/", defaults.healthCheckPath());
        assertEquals("defaults", defaults.source());
    }

    @Test
    void descriptorsRejectWhatCannotBecomeAnImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BuildDescriptor(
                "My Shop", "1.0", null, null, 0, null, null, null, null, null, null, null));
        assertTrue(e.getMessage().contains("service.name 'My Shop' cannot be an image name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new dev.slipway.events.descriptor.Resources(-1, 128, 0, 1));
        assertTrue(e.getMessage().contains("resources.cpus"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BuildDescriptor(
                "shop", "1.0", null, null, 0, null, null, "../../etc/passwd", null, null, null, null));
        assertTrue(e.getMessage().contains("relative path inside the repository"), e.getMessage());
    }

    @Test
    void aWaitingStageSaysWhatItWaitsForAndOnlyADeploymentNamesAnEnvironment() {
        StageProgressed waiting = SampleEvents.deploymentWaiting((DeployRequested) oneOfEach().get(3));
        IllegalArgumentException noDetail = assertThrows(IllegalArgumentException.class, () -> new StageProgressed(
                waiting.eventId(), waiting.causationId(), waiting.time(), waiting.plan(), waiting.build(), waiting.commit(),
                waiting.stage(), waiting.environment(), waiting.progress(), " "));
        assertTrue(noDetail.getMessage().contains("detail"), noDetail.getMessage());
        IllegalArgumentException environmentOfAnImage = assertThrows(IllegalArgumentException.class, () -> new StageProgressed(
                waiting.eventId(), waiting.causationId(), waiting.time(), waiting.plan(), waiting.build(), waiting.commit(),
                dev.slipway.events.domain.Stage.IMAGE, waiting.environment(), waiting.progress(), waiting.detail()));
        assertTrue(environmentOfAnImage.getMessage().contains("only a deploy stage names an environment"),
                environmentOfAnImage.getMessage());
    }
}
