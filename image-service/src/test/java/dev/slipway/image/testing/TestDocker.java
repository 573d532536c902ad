package dev.slipway.image.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineSettings;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The engine as a test uses it: run what the service built, pull it by digest, and clean up after.
 * Every container it starts is labelled {@value #LABEL} and removed by {@link #close()}.
 */
public final class TestDocker implements AutoCloseable {
    public static final String LABEL = "dev.slipway.test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DockerEngine engine = DockerEngine.connect(DockerEngineSettings.fromEnvironment(Duration.ofMinutes(10)));
    private final DockerClient docker = engine.client();
    private final List<String> containers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public DockerClient client() {
        return docker;
    }

    /** Runs the image's default command to its end and returns what it printed. */
    public String run(String image) throws InterruptedException {
        String id = docker.createContainerCmd(image).withLabels(Map.of(LABEL, "image-service")).exec().getId();
        containers.add(id);
        docker.startContainerCmd(id).exec();
        int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(1, TimeUnit.MINUTES);
        StringBuilder output = new StringBuilder();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        if (exit != 0) {
            throw new AssertionError(image + " exited with " + exit + ": " + output);
        }
        return output.toString();
    }

    /** Starts the image with {@code port} published on loopback and returns its base URL once it answers. */
    public URI serve(String image, int port) {
        ExposedPort exposed = ExposedPort.tcp(port);
        Ports bindings = new Ports();
        bindings.bind(exposed, Ports.Binding.bindIp("127.0.0.1"));
        String id = docker.createContainerCmd(image).withLabels(Map.of(LABEL, "image-service")).withExposedPorts(exposed)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings)).exec().getId();
        containers.add(id);
        docker.startContainerCmd(id).exec();
        String hostPort = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(exposed)[0]
                .getHostPortSpec();
        URI base = URI.create("http://127.0.0.1:" + hostPort + "/");
        await(image + " answering on " + base).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> answers(base));
        return base;
    }

    private boolean answers(URI uri) throws InterruptedException {
        try {
            http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public void pull(ImageReference pinned) throws InterruptedException {
        docker.pullImageCmd(pinned.name()).withTag(pinned.digest().value()).exec(new PullImageResultCallback())
                .awaitCompletion(3, TimeUnit.MINUTES);
    }

    /**
     * The image's build steps as {@code docker history} lists them, newest first: what created
     * each layer ({@code /bin/sh -c #(nop)  LABEL a=b}, ...).
     */
    public List<String> history(String image) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/images/" + URLEncoder.encode(image, StandardCharsets.UTF_8) + "/history")
                .build();
        try (DockerHttpClient.Response response = engine.http().execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() != 200) {
                throw new AssertionError("the engine answered " + response.getStatusCode() + " for the history of " + image + ": "
                        + new String(body, StandardCharsets.UTF_8));
            }
            List<String> steps = new ArrayList<>();
            for (JsonNode layer : JSON.readTree(body)) {
                steps.add(layer.path("CreatedBy").asText(""));
            }
            return steps;
        }
    }

    /** Removes a tag from this engine only; the layers stay, they are the cache of later builds. */
    public void untag(ImageReference tag) {
        try {
            docker.removeImageCmd(tag.toString()).withNoPrune(true).exec();
        } catch (NotFoundException gone) {
            // nothing to remove
        }
    }

    public boolean hasLocally(ImageReference tag) {
        try {
            docker.inspectImageCmd(tag.toString()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Every image the service built for the plan (they carry its label), with the layers only they use. */
    public void removeImagesOf(PlanName plan) {
        for (Image image : imagesOf(plan)) {
            try {
                docker.removeImageCmd(image.getId()).withForce(true).exec();
            } catch (NotFoundException | ConflictException goneWithOrUnderItsChild) {
                // an intermediate layer: removed with the image above it, or it goes when that one does
            }
        }
    }

    /**
     * Like {@link #removeImagesOf}, but keeps the layer that installed packages (and what it stands
     * on): it is the cache that spares the next run of the php and java tests Debian's mirror.
     */
    public void removeImagesKeepingPackageLayer(PlanName plan) {
        for (Image image : imagesOf(plan)) {
            String id = image.getId();
            while (id != null && !id.isEmpty()) {
                InspectImageResponse layer;
                try {
                    layer = docker.inspectImageCmd(id).exec();
                } catch (NotFoundException gone) {
                    break;
                }
                List<String> command = layer.getContainerConfig() == null || layer.getContainerConfig().getCmd() == null
                        ? List.of() : List.of(layer.getContainerConfig().getCmd());
                if (String.join(" ", command).contains("apt-get install") || (layer.getRepoTags() != null && !layer.getRepoTags().isEmpty()
                        && !id.equals(image.getId()))) {
                    break;
                }
                try {
                    docker.removeImageCmd(id).withForce(true).withNoPrune(true).exec();
                } catch (ConflictException sharedWithAnotherBuild) {
                    break;
                }
                id = layer.getParent();
            }
        }
    }

    private List<Image> imagesOf(PlanName plan) {
        return docker.listImagesCmd().withShowAll(true).withLabelFilter(Map.of("dev.slipway.plan", plan.value())).exec();
    }

    public void removeContainers() {
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // removed already
            }
        }
        containers.clear();
    }

    @Override
    public void close() {
        removeContainers();
        engine.close();
    }
}
