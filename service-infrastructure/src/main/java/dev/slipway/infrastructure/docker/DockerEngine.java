package dev.slipway.infrastructure.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The one way a Slipway service or test talks to a Docker engine: docker-java's typed client over
 * its httpclient5 transport, the raw HTTP client for the few fields the typed model lacks (a Swarm
 * task's published ports), and {@link #call} to run a call and sort its failure.
 */
public final class DockerEngine implements AutoCloseable {
    private final DockerHttpClient http;
    private final DockerClient client;
    private final String host;

    private DockerEngine(DockerHttpClient http, DockerClient client, String host) {
        this.http = http;
        this.client = client;
        this.host = host;
    }

    public static DockerEngine connect(DockerEngineSettings settings) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.host())
                .withDockerTlsVerify(settings.tlsVerify());
        if (settings.certPath() != null) {
            builder.withDockerCertPath(settings.certPath().toString());
        }
        DockerClientConfig config = builder.build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(settings.responseTimeout())
                .build();
        return new DockerEngine(http, DockerClientImpl.getInstance(config, http), settings.host());
    }

    public DockerClient client() {
        return client;
    }

    public DockerHttpClient http() {
        return http;
    }

    /** The engine's address, for messages. */
    public String host() {
        return host;
    }

    /**
     * Runs a call against the engine.
     *
     * @param what says what the call does, for the failure's message ("create container shop-1")
     * @throws DockerEngineException any failure, sorted by what the caller can do about it
     */
    public <T> T call(String what, Callable<T> call) {
        try {
            return call.call();
        } catch (DockerEngineException e) {
            throw e;
        } catch (Exception e) {
            throw DockerEngineException.of(what, e);
        }
    }

    /**
     * {@link #call} for a lookup of what may not exist (an image, a container, a service).
     *
     * @return empty when the engine answers 404
     */
    public <T> Optional<T> find(String what, Callable<T> call) {
        try {
            return Optional.ofNullable(call(what, call));
        } catch (DockerEngineException e) {
            if (e.kind() == DockerEngineException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@link #call} for a call without a result. */
    public void run(String what, EngineCall call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    @FunctionalInterface
    public interface EngineCall {
        void run() throws Exception;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // Closing a client whose connections are gone already: nothing left to release.
        }
    }
}
