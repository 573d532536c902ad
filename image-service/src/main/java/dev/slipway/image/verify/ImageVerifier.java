package dev.slipway.image.verify;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import dev.slipway.events.descriptor.AcceptanceCheck;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.BuildId;
import dev.slipway.image.BuildLog;
import dev.slipway.image.docker.ContainerLimits;
import dev.slipway.image.docker.EngineUnavailableException;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineException;
import dev.slipway.infrastructure.retry.Pacing;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs the tests a descriptor declares against a new image, before anything is pushed: the test
 * command in a container of the image (it must exit 0), then the acceptance check against a
 * started container (the path must answer the expected status in time). Every container it starts
 * carries the {@value #LABEL} label and is removed afterwards, pass or fail.
 *
 * <p>The image and its test command are the repository's code: each container runs under
 * {@link ContainerLimits} (memory, CPU, processes) on the default bridge, unprivileged, with no
 * mount of the host, so no Docker socket. Only this service's configuration sets that host
 * configuration; the descriptor gives the command, the environment and the port, nothing more.
 *
 * <p>Speed matters here, every build waits for it: the acceptance check talks to the container at
 * its address on the bridge network, without publishing a port (which would make the engine set
 * up a proxy and a port mapping for a container that lives a second), so this service must reach
 * the engine's bridge network, as it does on the engine's host or in its host network. It asks
 * at once after the start and then at short, growing intervals. A container whose test passed is
 * removed in the background while the build goes on; one whose test failed is removed before the
 * failure is reported.
 */
@Singleton
public class ImageVerifier {
    public static final String LABEL = "dev.slipway.image.verification";
    private static final Logger LOG = LoggerFactory.getLogger(ImageVerifier.class);
    private static final int MAX_KEPT_OUTPUT = 1024 * 1024;
    /** The acceptance check asks again after 10 ms, then waits twice as long each time, up to 250 ms. */
    private static final Duration FIRST_POLL_INTERVAL = Duration.ofMillis(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final DockerClient docker;
    private final VerificationConfiguration configuration;
    private final ContainerLimits limits;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    /** Removes the containers of passed tests, so that the push need not wait for that. */
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "image-test-cleanup");
        thread.setDaemon(true);
        return thread;
    });

    public ImageVerifier(DockerEngine engine, VerificationConfiguration configuration, ContainerLimits limits) {
        this.docker = engine.client();
        this.configuration = configuration;
        this.limits = limits;
    }

    /**
     * @throws ImageTestFailedException   when a declared test fails
     * @throws EngineUnavailableException when the engine could not run the test at all
     */
    public void verify(String imageId, BuildId build, BuildDescriptor descriptor, BuildLog log) {
        if (descriptor.testCommand() != null) {
            runTestCommand(imageId, build, descriptor, log);
        }
        if (descriptor.acceptance() != null) {
            runAcceptanceCheck(imageId, build, descriptor, log);
        }
    }

    private void runTestCommand(String imageId, BuildId build, BuildDescriptor descriptor, BuildLog log) {
        String command = descriptor.testCommand();
        log.line("test command: " + command);
        String container = create(imageId, build, descriptor, "test", spec -> spec
                .withEntrypoint("/bin/sh", "-c")
                .withCmd(command)
                .withHostConfig(limits.hostConfig()));
        boolean passed = false;
        try {
            start(container, "the test command");
            Integer exit;
            try {
                exit = docker.waitContainerCmd(container).exec(new WaitContainerResultCallback())
                        .awaitStatusCode(configuration.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException timedOut) {
                String output = output(container, log);
                throw new ImageTestFailedException("test command `" + command + "` did not finish within "
                        + configuration.testTimeout() + " (slipway.image.verification.test-timeout); last output:\n" + tail(output));
            }
            String output = output(container, log);
            log.line("test command exited with " + exit);
            if (exit == null || exit != 0) {
                throw new ImageTestFailedException("test command `" + command + "` exited with " + exit
                        + "; nothing was pushed. Last output:\n" + tail(output));
            }
            passed = true;
        } finally {
            remove(container, passed);
        }
    }

    private void runAcceptanceCheck(String imageId, BuildId build, BuildDescriptor descriptor, BuildLog log) {
        AcceptanceCheck check = descriptor.acceptance();
        log.line("acceptance check: GET " + check.path() + " must answer " + check.status());
        String container = create(imageId, build, descriptor, "acceptance", spec -> spec.withHostConfig(limits.hostConfig()));
        boolean passed = false;
        try {
            start(container, "the image for the acceptance check");
            URI uri;
            try {
                String address = bridgeAddress(container);
                log.line("acceptance container " + container.substring(0, 12) + " started at " + address);
                uri = URI.create("http://" + address + ":" + descriptor.port() + check.path());
            } catch (IllegalArgumentException e) {
                throw new ImageTestFailedException("acceptance path '" + check.path() + "' is not a valid URL path");
            }
            Instant deadline = Instant.now().plus(configuration.acceptanceTimeout());
            Pacing pacing = new Pacing(FIRST_POLL_INTERVAL, POLL_INTERVAL);
            String last = "no answer";
            while (true) {
                try {
                    int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == check.status()) {
                        log.line("acceptance check passed: GET " + check.path() + " answered " + status);
                        passed = true;
                        return;
                    }
                    last = "answered " + status;
                } catch (IOException notYet) {
                    last = "no answer (" + notYet.getClass().getSimpleName() + ")";
                }
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(container).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    throw new ImageTestFailedException("acceptance check: the image exited with " + state.getExitCodeLong()
                            + " before answering GET " + check.path() + "; nothing was pushed. Last output:\n" + tail(output(container, log)));
                }
                if (!Instant.now().isBefore(deadline)) {
                    break;
                }
                sleep(pacing.next());
            }
            throw new ImageTestFailedException("acceptance check: GET " + check.path() + " should answer " + check.status()
                    + " but " + last + " within " + configuration.acceptanceTimeout()
                    + " (slipway.image.verification.acceptance-timeout); nothing was pushed. Last output:\n" + tail(output(container, log)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during the acceptance check");
        } finally {
            remove(container, passed);
        }
    }

    private String create(String imageId, BuildId build, BuildDescriptor descriptor, String purpose,
                          UnaryOperator<CreateContainerCmd> spec) {
        List<String> environment = descriptor.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        try {
            return spec.apply(docker.createContainerCmd(imageId)
                            .withName("slipway-" + purpose + "-" + build.slug() + "-" + UUID.randomUUID().toString().substring(0, 8))
                            .withEnv(environment)
                            .withLabels(Map.of(LABEL, build.toString())))
                    .exec().getId();
        } catch (RuntimeException e) {
            throw engineTrouble("could not create the " + purpose + " container", e);
        }
    }

    private void start(String container, String what) {
        try {
            docker.startContainerCmd(container).exec();
        } catch (RuntimeException e) {
            throw engineTrouble("could not start " + what, e);
        }
    }

    /** A 4xx (no /bin/sh in the image, a port already taken) is the image's problem, not the engine's. */
    private static RuntimeException engineTrouble(String what, RuntimeException e) {
        DockerEngineException failure = DockerEngineException.of(what, e);
        if (!failure.transientFailure()) {
            return new ImageTestFailedException(what + ": " + DockerEngineException.engineWords(e));
        }
        return new EngineUnavailableException(failure.getMessage(), failure);
    }

    /** The started container's IPv4 address on the default bridge network. */
    private String bridgeAddress(String container) {
        InspectContainerResponse inspected;
        try {
            inspected = docker.inspectContainerCmd(container).exec();
        } catch (RuntimeException e) {
            throw engineTrouble("could not inspect the acceptance container", e);
        }
        ContainerNetwork bridge = inspected.getNetworkSettings() == null || inspected.getNetworkSettings().getNetworks() == null
                ? null : inspected.getNetworkSettings().getNetworks().get("bridge");
        if (bridge == null || bridge.getIpAddress() == null || bridge.getIpAddress().isBlank()) {
            throw new EngineUnavailableException("the acceptance container has no address on the engine's bridge network", null);
        }
        return bridge.getIpAddress();
    }

    /** The container's output so far; all of it goes to the build log, the end of it is returned. */
    private String output(String container, BuildLog log) {
        StringBuilder kept = new StringBuilder();
        try {
            docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTailAll()
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                            log.raw(text);
                            kept.append(text);
                            if (kept.length() > MAX_KEPT_OUTPUT) {
                                kept.delete(0, kept.length() - MAX_KEPT_OUTPUT);
                            }
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while reading test output");
        } catch (RuntimeException e) {
            kept.append("(could not read the output: ").append(DockerEngineException.engineWords(e)).append(')');
        }
        return kept.toString();
    }

    private String tail(String output) {
        List<String> lines = Arrays.asList(output.split("\n"));
        List<String> last = lines.subList(Math.max(0, lines.size() - configuration.outputTailLines()), lines.size());
        String text = String.join("\n", last).strip();
        return text.isEmpty() ? "(no output)" : text;
    }

    /** A passed test's container goes in the background; a failed one's before the failure is reported. */
    private void remove(String container, boolean passed) {
        if (passed) {
            try {
                cleanup.execute(() -> remove(container));
                return;
            } catch (RejectedExecutionException stopping) {
                // the service is stopping: remove it here
            }
        }
        remove(container);
    }

    private void remove(String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException alreadyGone) {
            // removed by someone else: nothing left to clean up
        } catch (RuntimeException e) {
            LOG.warn("Could not remove test container {}: {}", container, e.toString());
        }
    }

    /** Containers of passed tests still being removed are removed before the service stops. */
    @PreDestroy
    void stop() throws InterruptedException {
        cleanup.shutdown();
        if (!cleanup.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Some test containers (label {}) were not removed before the service stopped", LABEL);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the image");
        }
    }
}
