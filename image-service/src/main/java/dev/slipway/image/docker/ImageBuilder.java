package dev.slipway.image.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.image.BuildLog;
import dev.slipway.image.BuildStepException;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code docker build} through the engine (the legacy builder, which is what the engine's API
 * gives docker-java) without pulling: base images are local, and the engine's layer cache makes a
 * rebuild of an unchanged dependency layer instant. The engine's output goes to the build's log.
 */
@Singleton
public class ImageBuilder {
    private final DockerEngine docker;
    private final DockerConfiguration configuration;

    public ImageBuilder(DockerEngine docker, DockerConfiguration configuration) {
        this.docker = docker;
        this.configuration = configuration;
    }

    /**
     * @return the built image's id
     * @throws ImageBuildFailedException  when the engine refused the Dockerfile or a step failed
     * @throws EngineUnavailableException when the engine could not be reached or failed itself
     */
    public String build(ImageBuildRequest request, BuildLog log) {
        Path tar = request.scratch().resolve("context.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            new BuildContext(request.context(), request.dockerfile()).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the build context", e);
        }
        log.line("docker build with " + request.dockerfile().describe() + ", tags "
                + request.tags().stream().map(ImageReference::toString).collect(Collectors.joining(", ")));
        BuildOutput output = new BuildOutput(log);
        try (InputStream context = Files.newInputStream(tar)) {
            BuildImageCmd command = docker.client().buildImageCmd(context)
                    .withDockerfilePath(request.dockerfile().pathInContext())
                    .withTags(request.tags().stream().map(ImageReference::toString).collect(Collectors.toSet()))
                    .withLabels(request.labels())
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true);
            request.buildArgs().forEach(command::withBuildArg);
            command.exec(output);
            if (!output.awaitCompletion(configuration.buildTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                output.close();
                throw new ImageBuildFailedException("docker build did not finish within " + configuration.buildTimeout()
                        + " (slipway.image.docker.build-timeout)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while building");
        } catch (IOException e) {
            throw new EngineUnavailableException("could not stream the build context to the Docker engine: " + e.getMessage(), e);
        } catch (ImageBuildFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(DockerEngineException.of("docker build", e));
        }
        if (output.error != null) {
            throw new ImageBuildFailedException("docker build failed: " + output.error);
        }
        if (output.imageId == null) {
            throw new EngineUnavailableException("the Docker engine ended the build without reporting an image", null);
        }
        return output.imageId;
    }

    /** A request the engine refused (4xx) is the repository's to fix; anything else is the engine's trouble. */
    private static BuildStepException failed(DockerEngineException e) {
        if (e.transientFailure()) {
            return new EngineUnavailableException("the Docker engine failed during the build: " + e.engineMessage(), e);
        }
        return new ImageBuildFailedException("docker build failed: " + DockerEngineException.engineWords(e.getCause()));
    }

    private static final class BuildOutput extends ResultCallback.Adapter<BuildResponseItem> {
        private final BuildLog log;
        private volatile String error;
        private volatile String imageId;

        BuildOutput(BuildLog log) {
            this.log = log;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                log.raw(item.getStream());
            }
            if (item.isErrorIndicated()) {
                String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                error = message;
                log.line("ERROR " + message);
            } else if (item.isBuildSuccessIndicated()) {
                imageId = item.getImageId();
            }
        }
    }
}
