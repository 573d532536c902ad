package dev.slipway.infrastructure.kafka;

import dev.slipway.events.Topics;

import java.util.List;

/**
 * Every consumer group of the pipeline, in one place: the service that reads, the property that
 * names its group (and so lets a test or a second installation use another), the group's default
 * name, and the topics it reads. The services' listeners name the property; {@code bin/slipway}
 * asks {@link ConsumerGroupsTool} for the rest.
 */
public enum PipelineConsumer {
    ARTIFACT_SERVICE("artifact-service", "slipway.artifact.consumer-group", Topics.COMMIT_RECEIVED),
    IMAGE_SERVICE("image-service", "slipway.image.consumer-group", Topics.ARTIFACT_STORED),
    DEPLOY_SERVICE("deploy-service", "slipway.deploy.consumer-group", Topics.IMAGE_BUILT, Topics.DEPLOY_REQUESTED);

    private final String defaultGroup;
    private final String property;
    private final List<String> topics;

    PipelineConsumer(String defaultGroup, String property, String... topics) {
        this.defaultGroup = defaultGroup;
        this.property = property;
        this.topics = List.of(topics);
    }

    /** The group's name unless {@link #property()} says otherwise; also the reading service's name. */
    public String defaultGroup() {
        return defaultGroup;
    }

    public String property() {
        return property;
    }

    public List<String> topics() {
        return topics;
    }
}
