package dev.slipway.deploy.targets.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.slipway.deploy.targets.TargetConfiguration;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetUnavailableException;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineException;
import dev.slipway.infrastructure.docker.DockerEngineSettings;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The Docker engine behind the {@code docker} and {@code swarm} targets: its calls fail with the
 * target's exceptions, so that a rollout retries what may pass (an engine that cannot be reached
 * or fails on its side) and gives up on what will not (the engine refusing the request).
 */
public final class TargetEngine implements AutoCloseable {
    /** Pulls of large images stream for a long time; the timeout only bounds a silent engine. */
    private static final Duration MIN_RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final DockerEngine engine;

    private TargetEngine(DockerEngine engine) {
        this.engine = engine;
    }

    /** The engine at the target's {@code docker-host}, else {@code DOCKER_HOST}, else the local socket; TLS as the environment says. */
    public static TargetEngine connect(TargetConfiguration configuration) {
        Duration timeout = configuration.requestTimeout().compareTo(MIN_RESPONSE_TIMEOUT) < 0
                ? MIN_RESPONSE_TIMEOUT : configuration.requestTimeout();
        DockerEngineSettings environment = DockerEngineSettings.fromEnvironment(timeout);
        return new TargetEngine(DockerEngine.connect(new DockerEngineSettings(configuration.dockerHost(),
                environment.tlsVerify(), environment.certPath(), CONNECT_TIMEOUT, timeout)));
    }

    public DockerClient client() {
        return engine.client();
    }

    public DockerHttpClient http() {
        return engine.http();
    }

    /** @param what says what the call does, for the failure's message ("create container shop-1") */
    public <T> T call(String what, Callable<T> call) throws TargetException {
        try {
            return engine.call(what, call);
        } catch (DockerEngineException e) {
            throw failure(e);
        }
    }

    public void run(String what, DockerEngine.EngineCall call) throws TargetException {
        try {
            engine.run(what, call);
        } catch (DockerEngineException e) {
            throw failure(e);
        }
    }

    /** {@link #call} for what may not exist (an image, a container, a service): empty when the engine says 404. */
    public <T> Optional<T> find(String what, Callable<T> call) throws TargetException {
        try {
            return engine.find(what, call);
        } catch (DockerEngineException e) {
            throw failure(e);
        }
    }

    private static TargetException failure(DockerEngineException e) {
        return e.transientFailure() ? new TargetUnavailableException(e.getMessage(), e) : new TargetException(e.getMessage(), e);
    }

    @Override
    public void close() {
        engine.close();
    }
}
