package dev.slipway.infrastructure.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one Docker engine.
 *
 * @param host            {@code unix:///var/run/docker.sock}, {@code tcp://host:2376}, ...
 * @param tlsVerify       speak TLS to a {@code tcp://} engine and check its certificate
 * @param certPath        the folder with {@code ca.pem}, {@code cert.pem} and {@code key.pem} for TLS; null for none
 * @param connectTimeout  for a new connection to the engine
 * @param responseTimeout how long a call may wait for the engine's next bytes; a build step or a
 *                        pull can be silent for minutes, so callers that run them set it generously
 */
public record DockerEngineSettings(String host, boolean tlsVerify, Path certPath, Duration connectTimeout,
                                   Duration responseTimeout) {
    /** Where a Docker client looks when nothing is configured. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    public DockerEngineSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        host = host == null || host.isBlank() ? fromEnvironment("DOCKER_HOST", DEFAULT_HOST) : host;
    }

    /** The engine the environment names ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}), as the docker CLI would use it. */
    public static DockerEngineSettings fromEnvironment(Duration responseTimeout) {
        String certPath = fromEnvironment("DOCKER_CERT_PATH", null);
        return new DockerEngineSettings(null, tlsVerify(fromEnvironment("DOCKER_TLS_VERIFY", "")),
                certPath == null ? null : Path.of(certPath), Duration.ofSeconds(10), responseTimeout);
    }

    /** {@code DOCKER_TLS_VERIFY} as the docker CLI and docker-java read it: {@code 1} or {@code true} turn TLS on. */
    public static boolean tlsVerify(String flag) {
        String value = flag == null ? "" : flag.strip();
        return value.equals("1") || value.equalsIgnoreCase("true");
    }

    private static String fromEnvironment(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
