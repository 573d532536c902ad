package dev.slipway.e2e;

import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.e2e.Commands.Result;
import dev.slipway.testing.FreePorts;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
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
        Result config = Commands.run(Duration.ofMinutes(1), Map.of("GITHUB_WEBHOOK_SECRET", "check"),
                "docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(), "config", "--services");
        assertEquals(0, config.exitCode(), config.output());
        for (String service : List.of("kafka", "registry", "webhook-service", "artifact-service", "image-service", "deploy-service", "status-service")) {
            assertTrue(config.output().lines().anyMatch(service::equals), service + " is in the compose file: " + config.output());
        }
    }

    /** The broker the compose file runs is the broker bin/stack runs (stack/kafka/pom.xml names its version). */
    @Test
    void theComposeFileRunsTheKafkaVersionOfTheLocalStack() throws Exception {
        Matcher stack = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(Files.readString(ROOT.resolve("stack/kafka/pom.xml")));
        Matcher compose = Pattern.compile("image: apache/kafka:(\\S+)").matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
        assertTrue(stack.find(), "stack/kafka/pom.xml names the Kafka version");
        assertTrue(compose.find(), "docker-compose.yml runs apache/kafka");
        assertEquals(stack.group(1), compose.group(1), "docker-compose.yml and bin/stack run the same Kafka");
    }

    @Test
    void everyServiceImageBuildsOnALocalJavaBaseAndTheWebhookImageRuns() throws Exception {
        Result base = Commands.run(Duration.ofMinutes(10), Map.of(), "docker", "build", "-q", "-t", BASE,
                "--build-arg", "DEBIAN_IMAGE=" + LocalStack.debianImage(), "-f", ROOT.resolve("stack/jre17.Dockerfile").toString(),
                ROOT.resolve("stack").toString());
        assertEquals(0, base.exitCode(), base.output());

        List<String> images = new ArrayList<>();
        try {
            for (String service : List.of("webhook-service", "artifact-service", "image-service", "deploy-service", "status-service")) {
                String image = "slipway-check/" + service + ":" + tag;
                Result build = Commands.run(Duration.ofMinutes(5), Map.of(), "docker", "build", "-q", "-t", image,
                        "--build-arg", "BASE_IMAGE=" + BASE, ROOT.resolve(service).toString());
                assertEquals(0, build.exitCode(), service + ": " + build.output());
                images.add(image);
            }
            assertServesHealth("slipway-check/webhook-service:" + tag);
        } finally {
            for (String image : images) {
                Commands.run(Duration.ofMinutes(1), Map.of(), "docker", "rmi", "-f", image);
            }
        }
    }

    private static void assertServesHealth(String image) throws Exception {
        int port = FreePorts.next();
        String name = "slipway-compose-check-" + port;
        Result started = Commands.run(Duration.ofMinutes(1), Map.of(), "docker", "run", "-d", "--name", name, "--network", "host",
                "--label", "dev.slipway.test=true",
                "-e", "MICRONAUT_SERVER_PORT=" + port, "-e", "KAFKA_BOOTSTRAP_SERVERS=" + LocalStack.kafkaBootstrapServers(), image);
        assertEquals(0, started.exitCode(), started.output());
        try {
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            HttpAnswer answer;
            try {
                answer = await(image + " answering /health").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> healthOrNull(health), a -> a != null && a.status() == 200);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the container of " + image + " did not answer /health: "
                        + Commands.run(Duration.ofSeconds(20), Map.of(), "docker", "logs", "--tail", "30", name).output(), e);
            }
            assertTrue(answer.body().contains("\"UP\""), answer.body());
        } finally {
            Commands.run(Duration.ofSeconds(30), Map.of(), "docker", "rm", "-f", name);
        }
    }

    private static HttpAnswer healthOrNull(URI health) {
        try {
            return HttpAnswer.get(health);
        } catch (UncheckedIOException stillStarting) {
            return null;
        }
    }
}
