package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.testing.LocalStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The webhook service as a test talks to it: a real server on a random port, against the shared
 * broker, spoken to over plain HTTP with exactly the bytes and headers a provider would send.
 */
public final class WebhookServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private WebhookServer(EmbeddedServer server) {
        this.server = server;
    }

    public static WebhookServer start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        all.putAll(properties);
        return new WebhookServer(ApplicationContext.run(EmbeddedServer.class, all));
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    /** POSTs {@code body} with the given headers, given as name, value, name, value, ... */
    public Answer post(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /** What the service answered. */
    public record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the answer is not JSON: " + body, e);
            }
        }

        public String message() {
            return json().path("message").asText();
        }

        /** Asserts the status and that the message says {@code messagePart}. */
        public Answer expect(int expectedStatus, String messagePart) {
            org.junit.jupiter.api.Assertions.assertEquals(expectedStatus, status, body);
            org.junit.jupiter.api.Assertions.assertTrue(message().contains(messagePart), "'" + message() + "' should say: " + messagePart);
            return this;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
