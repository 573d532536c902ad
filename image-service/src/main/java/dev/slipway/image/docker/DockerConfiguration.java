package dev.slipway.image.docker;

import dev.slipway.infrastructure.docker.DockerEngineSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code slipway.image.docker.*}: the Docker engine that builds, tests and pushes images. The
 * defaults are in {@code application.yml}.
 *
 * @param host            the engine's address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2376})
 * @param tlsVerify       speak TLS to a {@code tcp://} engine and check its certificate: {@code true}
 *                        or {@code 1}, as the docker CLI reads {@code DOCKER_TLS_VERIFY}, which is
 *                        why it is text and not a boolean (to which {@code 1} would be false)
 * @param certPath        the folder with {@code ca.pem}, {@code cert.pem} and {@code key.pem}; null
 *                        to use {@code DOCKER_CERT_PATH} (or {@code ~/.docker}), as docker-java does
 * @param connectTimeout  for a connection to the engine
 * @param responseTimeout how long a call may wait for the engine's next bytes; generous, because a
 *                        build step that installs packages or a waited-for test container says
 *                        nothing for minutes
 * @param buildTimeout    the longest a single {@code docker build} may take
 */
@ConfigurationProperties("slipway.image.docker")
public record DockerConfiguration(
        String host,
        String tlsVerify,
        @Nullable Path certPath,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration buildTimeout) {

    public DockerEngineSettings settings() {
        return new DockerEngineSettings(host, DockerEngineSettings.tlsVerify(tlsVerify), certPath, connectTimeout, responseTimeout);
    }
}
