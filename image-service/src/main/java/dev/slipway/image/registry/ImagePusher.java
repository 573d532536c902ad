package dev.slipway.image.registry;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PushImageCmd;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.image.BuildLog;
import dev.slipway.image.docker.EngineUnavailableException;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Pushes a tag through the engine. The engine answers 200 and then reports a failed push as an
 * error item inside its progress stream, so the stream is read to the end and any error item
 * fails the push. Credentials travel to the engine in the {@code X-Registry-Auth} header only.
 *
 * <p>The engine pushes whatever image the tag names when the push starts. So the tag is pointed
 * at the tested image first, and the digest the push reports is returned: that is the manifest
 * the engine made of the image it pushed, which {@link RegistryClient#requireImage} then checks.
 */
@Singleton
public class ImagePusher {
    private final DockerEngine docker;
    private final RegistryConfiguration configuration;

    public ImagePusher(DockerEngine docker, RegistryConfiguration configuration) {
        this.docker = docker;
        this.configuration = configuration;
    }

    /**
     * Points {@code tag} at {@code imageId} on the engine and pushes it.
     *
     * @return the manifest digest the engine reports for the push; empty when it reports none
     * @throws RegistryRejectedException    when the registry refused it (credentials, permission)
     * @throws RegistryUnavailableException when the registry or the engine could not complete it; worth retrying
     */
    public Optional<Digest> push(String imageId, ImageReference tag, BuildLog log) {
        log.line("docker tag " + imageId + " " + tag);
        try {
            docker.run("docker tag " + imageId + " " + tag,
                    () -> docker.client().tagImageCmd(imageId, tag.name(), tag.tag()).withForce().exec());
        } catch (DockerEngineException e) {
            // Even a tested image that is gone (removed by hand) is the engine's matter, not the repository's.
            throw new EngineUnavailableException("could not tag " + imageId + " as " + tag + ": " + e.engineMessage(), e);
        }
        log.line("docker push " + tag);
        PushOutput output = new PushOutput(log);
        try {
            PushImageCmd command = docker.client().pushImageCmd(tag.name()).withTag(tag.tag());
            if (configuration.authenticated()) {
                command.withAuthConfig(new AuthConfig()
                        .withRegistryAddress(configuration.address())
                        .withUsername(configuration.username())
                        .withPassword(configuration.password()));
            }
            command.exec(output);
            if (!output.awaitCompletion(configuration.pushTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(output);
                throw new RegistryUnavailableException("the push of " + tag + " did not finish within "
                        + configuration.pushTimeout() + " (slipway.image.registry.push-timeout)", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while pushing");
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whether the registry refused the push is in its words (as in a stream error item), not in the engine's status.
            throw classify(tag, DockerEngineException.engineWords(e), DockerEngineException.of("docker push " + tag, e));
        }
        if (output.error != null) {
            throw classify(tag, output.error, null);
        }
        return Optional.ofNullable(output.digest).map(Digest::of);
    }

    private RuntimeException classify(ImageReference tag, String error, Throwable cause) {
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("denied")
                || lower.contains("forbidden") || lower.contains("no basic auth credentials")) {
            return new RegistryRejectedException("the registry " + configuration.address() + " refused the push of " + tag + ": " + error);
        }
        return new RegistryUnavailableException("the push of " + tag + " to " + configuration.address() + " failed: " + error, cause);
    }

    private static void closeQuietly(PushOutput output) {
        try {
            output.close();
        } catch (IOException ignored) {
            // the push is abandoned either way
        }
    }

    private static final class PushOutput extends ResultCallback.Adapter<PushResponseItem> {
        private final BuildLog log;
        private volatile String error;
        private volatile String digest;

        PushOutput(BuildLog log) {
            this.log = log;
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest();
            }
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                log.line("push error: " + error);
            } else if (item.getStatus() != null && item.getProgress() == null) {
                // Progress ticks would drown the log; the layer states and the final digest are what a person reads.
                log.raw((item.getId() != null ? item.getId() + ": " : "") + item.getStatus() + "\n");
            }
        }
    }
}
