package dev.slipway.events;

/** Topic names, as constants so that {@code @Topic} annotations can use them. */
public final class Topics {
    public static final String COMMIT_RECEIVED = "slipway.commit-received";
    public static final String ARTIFACT_STORED = "slipway.artifact-stored";
    public static final String IMAGE_BUILT = "slipway.image-built";
    public static final String DEPLOY_REQUESTED = "slipway.deploy-requested";
    public static final String DEPLOYMENT_FINISHED = "slipway.deployment-finished";
    public static final String STAGE_FAILED = "slipway.stage-failed";
    public static final String STAGE_PROGRESSED = "slipway.stage-progressed";
    public static final String PULL_REQUEST_CLOSED = "slipway.pull-request-closed";
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
