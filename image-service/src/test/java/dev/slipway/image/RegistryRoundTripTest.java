package dev.slipway.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineSettings;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The foundation's proof that the local stack's engine and registry work together: an image built
 * through the real engine is pushed to the private registry, deleted locally and pulled back by the
 * digest the registry reports, and it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryRoundTripTest {
    private DockerEngine engine;
    private DockerClient docker;

    @BeforeAll
    void connect() {
        engine = DockerEngine.connect(DockerEngineSettings.fromEnvironment(Duration.ofMinutes(5)));
        docker = engine.client();
    }

    @AfterAll
    void close() {
        engine.close();
    }

    @Test
    void anImageBuiltByTheEngineIsPushedAndPulledBackByDigest(@TempDir Path context) throws Exception {
        String marker = UUID.randomUUID().toString();
        Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                "FROM " + LocalStack.busyboxImage(),
                "RUN echo " + marker + " > /marker.txt",
                "CMD [\"cat\", \"/marker.txt\"]", ""));
        ImageReference tag = ImageReference.of(LocalStack.registry(), "slipway-foundation-test", marker.substring(0, 8));

        String imageId = docker.buildImageCmd(context.toFile()).withTags(Set.of(tag.toString())).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId(3, TimeUnit.MINUTES);
        assertTrue(imageId.startsWith("sha256:") || !imageId.isBlank());

        List<String> pushErrors = new ArrayList<>();
        docker.pushImageCmd(tag.name()).withTag(tag.tag()).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                // A failed push arrives as an error item in the stream, not as an exception.
                if (item.isErrorIndicated()) {
                    pushErrors.add(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
                }
            }
        }).awaitCompletion(3, TimeUnit.MINUTES);
        assertEquals(List.of(), pushErrors);

        Digest digest = registryDigest(tag);
        ImageReference pinned = tag.withDigest(digest);

        docker.removeImageCmd(tag.toString()).withForce(true).exec();
        docker.pullImageCmd(tag.name()).withTag(digest.value()).exec(new PullImageResultCallback())
                .awaitCompletion(3, TimeUnit.MINUTES);

        String containerId = docker.createContainerCmd(pinned.byDigest()).exec().getId();
        try {
            docker.startContainerCmd(containerId).exec();
            assertEquals(0, docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(1, TimeUnit.MINUTES));
            StringBuilder output = new StringBuilder();
            docker.logContainerCmd(containerId).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            assertEquals(marker, output.toString().trim(), "the image pulled by digest is the one that was built");
        } finally {
            docker.removeContainerCmd(containerId).withForce(true).exec();
            docker.removeImageCmd(pinned.byDigest()).withForce(true).exec();
        }
    }

    /** Asks the registry itself (Distribution API v2) which manifest digest the tag points to. */
    private static Digest registryDigest(ImageReference tag) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + tag.registry() + "/v2/" + tag.repository() + "/manifests/" + tag.tag()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode(), "the registry has the pushed tag");
        return Digest.of(response.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }
}
