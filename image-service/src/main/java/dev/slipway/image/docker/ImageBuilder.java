package dev.slipway.image.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.image.BuildLog;
import dev.slipway.image.BuildStepException;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs {@code docker build} through the engine (the legacy builder, which is what the engine's API
 * gives docker-java) without pulling: base images are local, and the engine's layer cache makes a
 * rebuild of an unchanged dependency layer instant. The engine's output goes to the build's log.
 *
 * <p>Every {@code RUN} step runs under {@link ContainerLimits} (memory without extra swap, a CPU
 * quota) on the default bridge network. The legacy builder has no privileged steps and no host
 * mounts, and nothing in a Dockerfile or descriptor reaches these settings. docker-java's build
 * command cannot send a CPU quota, so this calls the engine's {@code POST /build} itself, with the
 * parameters the engine's API documents.
 */
@Singleton
public class ImageBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUCCESSFULLY_BUILT = "Successfully built ";

    private final DockerEngine docker;
    private final DockerConfiguration configuration;
    private final ContainerLimits limits;
    /** Reads the engine's streamed answer, so the build thread can give up on it after build-timeout. */
    private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "docker-build-output");
        thread.setDaemon(true);
        return thread;
    });

    public ImageBuilder(DockerEngine docker, DockerConfiguration configuration, ContainerLimits limits) {
        this.docker = docker;
        this.configuration = configuration;
        this.limits = limits;
    }

    /**
     * @return the built image's id ({@code sha256:...}, the digest of its configuration)
     * @throws ImageBuildFailedException  when the engine refused the Dockerfile or a step failed
     * @throws EngineUnavailableException when the engine could not be reached or failed itself
     */
    public String build(ImageBuildRequest request, BuildLog log) {
        Path tar = request.scratch().resolve("context.tar");
        BuildContext packed;
        long started = System.nanoTime();
        long bytes;
        try (OutputStream out = Files.newOutputStream(tar)) {
            packed = new BuildContext(request.context(), request.dockerfile());
            bytes = packed.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the build context", e);
        }
        log.line("build context: " + bytes + " bytes, packed in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        log.line("docker build with " + request.dockerfile().describe() + " (read as " + packed.dockerfileName()
                + ", the image's labels appended in one LABEL line), tags "
                + request.tags().stream().map(ImageReference::toString).collect(Collectors.joining(", "))
                + ", each step limited to " + limits.memory() + " of memory and " + limits.cpus() + " CPUs");
        BuildOutput output = new BuildOutput(log);
        AtomicReference<DockerHttpClient.Response> answer = new AtomicReference<>();
        try (InputStream context = Files.newInputStream(tar)) {
            DockerHttpClient.Request call = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path(buildPath(request, packed.dockerfileName()))
                    .putHeader("Content-Type", "application/x-tar")
                    .body(context)
                    .build();
            Future<Void> streaming = streams.submit(() -> {
                try (DockerHttpClient.Response response = docker.http().execute(call)) {
                    answer.set(response);
                    output.read(response);
                }
                return null;
            });
            try {
                streaming.get(configuration.buildTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                abandon(streaming, answer);
                throw new ImageBuildFailedException("docker build did not finish within " + configuration.buildTimeout()
                        + " (slipway.image.docker.build-timeout)");
            } catch (InterruptedException e) {
                abandon(streaming, answer);
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while building");
            } catch (ExecutionException e) {
                throw failed(DockerEngineException.of("docker build", e.getCause()));
            }
        } catch (IOException e) {
            throw new EngineUnavailableException("could not stream the build context to the Docker engine: " + e.getMessage(), e);
        }
        if (output.error != null) {
            throw new ImageBuildFailedException("docker build failed: " + output.error);
        }
        if (output.imageId == null) {
            throw new EngineUnavailableException("the Docker engine ended the build without reporting an image", null);
        }
        // The short id of "Successfully built" (older engines) becomes the full one the registry check compares with.
        String imageId = output.imageId;
        try {
            return docker.call("inspect the built image " + imageId, () -> docker.client().inspectImageCmd(imageId).exec().getId());
        } catch (DockerEngineException e) {
            throw failed(e);
        }
    }

    /**
     * The build's query: what the CLI would send for {@code docker build --memory --memory-swap --cpu-quota}.
     * No {@code labels}: the legacy builder would make a step of each; they are in the Dockerfile, in one line.
     */
    private String buildPath(ImageBuildRequest request, String dockerfile) {
        StringBuilder path = new StringBuilder("/build?dockerfile=").append(encode(dockerfile));
        for (ImageReference tag : request.tags()) {
            path.append("&t=").append(encode(tag.toString()));
        }
        path.append("&buildargs=").append(encode(json(request.buildArgs())))
                .append("&pull=0&rm=1&forcerm=1")
                .append("&networkmode=bridge")
                .append("&memory=").append(limits.memoryBytes())
                .append("&memswap=").append(limits.memoryBytes())
                .append("&cpuperiod=").append(ContainerLimits.CPU_PERIOD_MICROS)
                .append("&cpuquota=").append(limits.cpuQuotaMicros());
        return path.toString();
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + values.keySet() + " as JSON", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void abandon(Future<Void> streaming, AtomicReference<DockerHttpClient.Response> answer) {
        streaming.cancel(true);
        DockerHttpClient.Response response = answer.get();
        if (response != null) {
            response.close();
        }
    }

    /** A request the engine refused (4xx) is the repository's to fix; anything else is the engine's trouble. */
    private static BuildStepException failed(DockerEngineException e) {
        if (e.transientFailure()) {
            return new EngineUnavailableException("the Docker engine failed during the build: " + e.engineMessage(), e);
        }
        return new ImageBuildFailedException("docker build failed: " + DockerEngineException.engineWords(e.getCause()));
    }

    @PreDestroy
    void stop() {
        streams.shutdownNow();
    }

    /** The engine's answer: a stream of JSON objects, each a line of output, an error, or the image id. */
    private static final class BuildOutput {
        private final BuildLog log;
        private volatile String error;
        private volatile String imageId;

        BuildOutput(BuildLog log) {
            this.log = log;
        }

        void read(DockerHttpClient.Response response) throws IOException {
            try (InputStream body = response.getBody()) {
                if (response.getStatusCode() >= 300) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    // Sorted as the typed client's failures are: 5xx may pass, 4xx will not.
                    throw new DockerException("Status " + response.getStatusCode() + ": " + text, response.getStatusCode());
                }
                JsonParser parser = JSON.getFactory().createParser(body);
                try (MappingIterator<JsonNode> items = JSON.readValues(parser, JsonNode.class)) {
                    while (items.hasNext()) {
                        onNext(items.next());
                    }
                }
            }
        }

        private void onNext(JsonNode item) {
            String stream = item.path("stream").asText(null);
            if (stream != null) {
                log.raw(stream);
                if (stream.startsWith(SUCCESSFULLY_BUILT) && imageId == null) {
                    imageId = stream.substring(SUCCESSFULLY_BUILT.length()).strip();
                }
            }
            String id = item.path("aux").path("ID").asText(null);
            if (id != null) {
                imageId = id;
            }
            if (item.hasNonNull("error") || item.hasNonNull("errorDetail")) {
                String message = item.path("errorDetail").path("message").asText(item.path("error").asText("unknown error"));
                error = message;
                log.line("ERROR " + message);
            }
        }
    }
}
