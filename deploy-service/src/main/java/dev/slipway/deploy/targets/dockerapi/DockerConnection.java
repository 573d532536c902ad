package dev.slipway.deploy.targets.dockerapi;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.time.Duration;

/**
 * A connection to one Docker engine: docker-java's typed client, and the raw HTTP client for the
 * few fields its model lacks (a Swarm task's published ports).
 */
public final class DockerConnection implements AutoCloseable {
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private final DockerHttpClient http;
    private final DockerClient client;

    private DockerConnection(DockerHttpClient http, DockerClient client) {
        this.http = http;
        this.client = client;
    }

    /** @param host the engine's address; null for {@code DOCKER_HOST} or the local socket */
    public static DockerConnection open(String host, Duration responseTimeout) {
        String address = firstNonBlank(host, System.getenv("DOCKER_HOST"), DEFAULT_HOST);
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(address).build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                // Pulls of large images stream for a long time; the timeout bounds a silent engine.
                .responseTimeout(responseTimeout.compareTo(Duration.ofMinutes(2)) < 0 ? Duration.ofMinutes(2) : responseTimeout)
                .build();
        return new DockerConnection(http, DockerClientImpl.getInstance(config, http));
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no docker host");
    }

    public DockerClient client() {
        return client;
    }

    public DockerHttpClient http() {
        return http;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // Closing a client that may already be closed; nothing to do about it.
        }
    }
}
