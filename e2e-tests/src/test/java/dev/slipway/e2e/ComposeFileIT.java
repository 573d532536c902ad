package dev.slipway.e2e;

import dev.slipway.events.testing.LocalStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml is for machines that can pull public images; this one cannot. So what can be
 * checked here is: the file is valid for docker-compose, and every service's Dockerfile builds on a
 * locally made Java base and gives an image that starts and answers its health check.
 */
class ComposeFileIT {
    private static final Path ROOT = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
    private static final String BASE = "slipway/jre17:local";
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theComposeFileIsValid() throws Exception {
        Result config = run(Duration.ofMinutes(1), Map.of("GITHUB_WEBHOOK_SECRET", "check"),
                "docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(), "config", "--services");
        assertEquals(0, config.exitCode(), config.output());
        for (String service : List.of("kafka", "registry", "webhook-service", "artifact-service", "image-service", "deploy-service")) {
            assertTrue(config.output().lines().anyMatch(service::equals), service + " is in the compose file: " + config.output());
        }
    }

    @Test
    void everyServiceImageBuildsOnALocalJavaBaseAndTheWebhookImageRuns() throws Exception {
        Result base = run(Duration.ofMinutes(10), Map.of(), "docker", "build", "-q", "-t", BASE,
                "--build-arg", "DEBIAN_IMAGE=" + LocalStack.debianImage(), "-f", ROOT.resolve("stack/jre17.Dockerfile").toString(),
                ROOT.resolve("stack").toString());
        assertEquals(0, base.exitCode(), base.output());

        List<String> images = new ArrayList<>();
        try {
            for (String service : List.of("webhook-service", "artifact-service", "image-service", "deploy-service")) {
                String image = "slipway-check/" + service + ":" + tag;
                Result build = run(Duration.ofMinutes(5), Map.of(), "docker", "build", "-q", "-t", image,
                        "--build-arg", "BASE_IMAGE=" + BASE, ROOT.resolve(service).toString());
                assertEquals(0, build.exitCode(), service + ": " + build.output());
                images.add(image);
            }
            assertServesHealth("slipway-check/webhook-service:" + tag);
        } finally {
            for (String image : images) {
                run(Duration.ofMinutes(1), Map.of(), "docker", "rmi", "-f", image);
            }
        }
    }

    private static void assertServesHealth(String image) throws Exception {
        int port = GitDaemon.freePort();
        String name = "slipway-compose-check-" + port;
        Result started = run(Duration.ofMinutes(1), Map.of(), "docker", "run", "-d", "--name", name, "--network", "host",
                "--label", "dev.slipway.test=true",
                "-e", "MICRONAUT_SERVER_PORT=" + port, "-e", "KAFKA_BOOTSTRAP_SERVERS=" + LocalStack.kafkaBootstrapServers(), image);
        assertEquals(0, started.exitCode(), started.output());
        try {
            HttpClient http = HttpClient.newHttpClient();
            Instant deadline = Instant.now().plusSeconds(90);
            while (true) {
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        assertTrue(health.body().contains("\"UP\""), health.body());
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the container of " + image + " did not answer /health: "
                            + run(Duration.ofSeconds(20), Map.of(), "docker", "logs", "--tail", "30", name).output());
                }
                Thread.sleep(500);
            }
        } finally {
            run(Duration.ofSeconds(30), Map.of(), "docker", "rm", "-f", name);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Duration timeout, Map<String, String> environment, String... command) throws Exception {
        // Output goes to a file, so that a command that hangs cannot block the test past its timeout.
        java.io.File output = java.io.File.createTempFile("compose-check", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), java.nio.file.Files.readString(output.toPath(), StandardCharsets.UTF_8));
        } finally {
            output.delete();
        }
    }
}
