package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a service (or anything else over HTTP) answered, as a test reads it. */
public record HttpAnswer(int status, byte[] bytes, HttpHeaders headers) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** GETs {@code uri} (a deployed page, say) with the given headers, given as name, value, name, value, ... */
    public static HttpAnswer get(URI uri, String... headers) {
        return send(request(uri, headers).GET());
    }

    /** Sends a request, waiting at most 60 s for the answer; a connection that fails is an {@link UncheckedIOException}. */
    public static HttpAnswer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new HttpAnswer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + request.build().uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    public String body() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("the answer is not JSON: " + body(), e);
        }
    }

    /** The {@code message} of an error answer. */
    public String message() {
        return json().path("message").asText();
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Asserts the status, and returns this answer for more. */
    public HttpAnswer expect(int expectedStatus) {
        assertEquals(expectedStatus, status, this::toString);
        return this;
    }

    /** Asserts the status and that the message says {@code messagePart}. */
    public HttpAnswer expect(int expectedStatus, String messagePart) {
        expect(expectedStatus);
        assertTrue(message().contains(messagePart), "'" + message() + "' should say: " + messagePart);
        return this;
    }

    @Override
    public String toString() {
        return status + " " + body();
    }
}
