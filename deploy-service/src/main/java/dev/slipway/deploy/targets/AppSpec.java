package dev.slipway.deploy.targets;

import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.ImageReference;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a target is asked to run: one build's image, with the resources and port its descriptor names. */
public record AppSpec(AppName name, BuildId build, CommitSha commit, ImageReference image, BuildDescriptor descriptor) {
    public static final String LABEL_PREFIX = "dev.slipway.";
    public static final String PLAN_LABEL = LABEL_PREFIX + "plan";
    public static final String BUILD_LABEL = LABEL_PREFIX + "build";
    public static final String ENVIRONMENT_LABEL = LABEL_PREFIX + "environment";
    public static final String COMMIT_LABEL = LABEL_PREFIX + "commit";
    public static final String MANAGED_BY_LABEL = LABEL_PREFIX + "managed-by";
    public static final String MANAGED_BY = "deploy-service";

    public AppSpec {
        if (name == null || build == null || commit == null || image == null || descriptor == null) {
            throw new IllegalArgumentException("an app spec needs a name, build, commit, image and descriptor");
        }
        if (!image.pinned()) {
            throw new IllegalArgumentException("image " + image + " must be pinned by its digest");
        }
    }

    /** Labels every target puts on what it creates, so an app can be traced back to its build. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(PLAN_LABEL, build.plan().value());
        labels.put(BUILD_LABEL, Long.toString(build.number().value()));
        labels.put(ENVIRONMENT_LABEL, name.environment().value());
        labels.put(COMMIT_LABEL, commit.value());
        return labels;
    }
}
