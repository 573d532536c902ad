package dev.slipway.infrastructure.kafka;

import dev.slipway.events.EventType;
import dev.slipway.events.Topics;

import java.util.List;

/**
 * Every consumer group of the pipeline, in one place: the service that reads, the property that
 * names its group (and so lets a test or a second installation use another), the group's default
 * name, and the topics it reads. The services' listeners name the property; {@code bin/slipway}
 * asks {@link ConsumerGroupsTool} for the rest; status-service watches every group's lag from it.
 */
public enum PipelineConsumer {
    ARTIFACT_SERVICE("artifact-service", "slipway.artifact.consumer-group", false, List.of(Topics.COMMIT_RECEIVED)),
    IMAGE_SERVICE("image-service", "slipway.image.consumer-group", false, List.of(Topics.ARTIFACT_STORED)),
    DEPLOY_SERVICE("deploy-service", "slipway.deploy.consumer-group", false, List.of(Topics.IMAGE_BUILT, Topics.DEPLOY_REQUESTED,
            Topics.PULL_REQUEST_CLOSED)),
    /**
     * status-service reads everything, dead letters included, into its read model. It keeps its
     * position in its own database (committing to Kafka only so that its lag shows like any
     * other group's): a new database reads every topic from the beginning.
     */
    STATUS_SERVICE("status-service", "slipway.status.consumer-group", true, EventType.allTopics());

    private final String defaultGroup;
    private final String property;
    private final boolean keepsItsOwnPosition;
    private final List<String> topics;

    PipelineConsumer(String defaultGroup, String property, boolean keepsItsOwnPosition, List<String> topics) {
        this.defaultGroup = defaultGroup;
        this.property = property;
        this.keepsItsOwnPosition = keepsItsOwnPosition;
        this.topics = List.copyOf(topics);
    }

    /** The group's name unless {@link #property()} says otherwise; also the reading service's name. */
    public String defaultGroup() {
        return defaultGroup;
    }

    public String property() {
        return property;
    }

    /**
     * True when the service decides where it starts reading (from its own stored offsets) rather
     * than from the group's committed offsets; positioning such a group changes nothing, so
     * {@link ConsumerGroupsTool} leaves it alone.
     */
    public boolean keepsItsOwnPosition() {
        return keepsItsOwnPosition;
    }

    public List<String> topics() {
        return topics;
    }
}
