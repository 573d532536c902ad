package dev.slipway.deploy.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineSettings;
import dev.slipway.testing.LocalStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tiny web images, as image-service would push them: busybox's httpd serving a page whose content
 * is unique to the build, pushed to the local registry and pinned by the digest it reported.
 */
public final class WebImages implements AutoCloseable {
    public static final String TEST_LABEL = "dev.slipway.test";

    private final DockerEngine docker = DockerEngine.connect(DockerEngineSettings.fromEnvironment(Duration.ofMinutes(2)));
    private final List<String> built = new ArrayList<>();

    /** Builds and pushes {@code <registry>/slipway-deploy-test/<plan>:<build>} serving {@code content} at {@code /}. */
    public ImageReference push(PlanName plan, long build, String content) throws IOException, InterruptedException {
        DockerClient client = docker.client();
        String repository = "slipway-deploy-test/" + plan.value();
        String tag = LocalStack.registry() + "/" + repository + ":" + build;
        Path context = Files.createTempDirectory("web-image");
        try {
            Files.createDirectories(context.resolve("www"));
            Files.writeString(context.resolve("www/index.html"), content);
            Files.writeString(context.resolve("Dockerfile"), "FROM " + LocalStack.busyboxImage() + "\n"
                    + "COPY www /www\n"
                    // httpd as PID 1 ignores SIGTERM; without this every stop waits out the 10 s grace period.
                    + "STOPSIGNAL SIGKILL\n"
                    + "CMD [\"httpd\", \"-f\", \"-p\", \"80\", \"-h\", \"/www\"]\n");
            client.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag))
                    .withLabels(Map.of(TEST_LABEL, "true"))
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(2, TimeUnit.MINUTES);
        } finally {
            try (var files = Files.walk(context)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<String> errors = new ArrayList<>();
        client.pushImageCmd(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.isErrorIndicated()) {
                    errors.add(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
                }
            }
        }).awaitCompletion(2, TimeUnit.MINUTES);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("push of " + tag + " failed: " + errors);
        }
        String name = LocalStack.registry() + "/" + repository;
        var inspected = client.inspectImageCmd(tag).exec();
        built.add(inspected.getId());
        String pinned = inspected.getRepoDigests().stream()
                .filter(d -> d.startsWith(name + "@"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the registry reported no digest for " + tag));
        return ImageReference.of(LocalStack.registry(), repository, Long.toString(build))
                .withDigest(Digest.of(pinned.substring(pinned.indexOf('@') + 1)));
    }

    public DockerClient client() {
        return docker.client();
    }

    /**
     * Removes the images from the engine, by id, so that copies the deploy service pulled by digest
     * go too; the registry keeps the (tiny) manifests, as it keeps every pushed build.
     */
    @Override
    public void close() {
        for (String id : built) {
            try {
                docker.client().removeImageCmd(id).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // Already gone, or still used by a container that the test's cleanup removes.
            }
        }
        docker.close();
    }
}
