package dev.slipway.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Each event type with its topic and its CloudEvents {@code type}. One topic per type, each with
 * a dead-letter twin ({@code <topic>.dlt}) for records a consumer could not process.
 */
public enum EventType {
    COMMIT_RECEIVED(Topics.COMMIT_RECEIVED, "dev.slipway.commit-received.v1", CommitReceived.class),
    ARTIFACT_STORED(Topics.ARTIFACT_STORED, "dev.slipway.artifact-stored.v1", ArtifactStored.class),
    IMAGE_BUILT(Topics.IMAGE_BUILT, "dev.slipway.image-built.v1", ImageBuilt.class),
    DEPLOY_REQUESTED(Topics.DEPLOY_REQUESTED, "dev.slipway.deploy-requested.v1", DeployRequested.class),
    DEPLOYMENT_FINISHED(Topics.DEPLOYMENT_FINISHED, "dev.slipway.deployment-finished.v1", DeploymentFinished.class),
    STAGE_FAILED(Topics.STAGE_FAILED, "dev.slipway.stage-failed.v1", StageFailed.class),
    STAGE_PROGRESSED(Topics.STAGE_PROGRESSED, "dev.slipway.stage-progressed.v1", StageProgressed.class),
    PULL_REQUEST_CLOSED(Topics.PULL_REQUEST_CLOSED, "dev.slipway.pull-request-closed.v1", PullRequestClosed.class);

    private final String topic;
    private final String cloudEventType;
    private final Class<? extends PipelineEvent> recordClass;

    EventType(String topic, String cloudEventType, Class<? extends PipelineEvent> recordClass) {
        this.topic = topic;
        this.cloudEventType = cloudEventType;
        this.recordClass = recordClass;
    }

    public String topic() {
        return topic;
    }

    public String deadLetterTopic() {
        return Topics.deadLetter(topic);
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    public Class<? extends PipelineEvent> recordClass() {
        return recordClass;
    }

    public static EventType of(Class<?> recordClass) {
        return Arrays.stream(values()).filter(t -> t.recordClass.equals(recordClass)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(recordClass + " is not a pipeline event"));
    }

    public static Optional<EventType> ofCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType.equals(type)).findFirst();
    }

    public static Optional<EventType> ofTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).findFirst();
    }

    /** Every topic the pipeline uses, dead-letter twins included. */
    public static List<String> allTopics() {
        return Arrays.stream(values()).flatMap(t -> java.util.stream.Stream.of(t.topic, t.deadLetterTopic())).toList();
    }
}
