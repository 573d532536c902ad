package dev.slipway.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * HTTP to one Slipway service: its name (for messages), its base URL and the token. Every failure
 * becomes a {@link CliException} with the exit code of its kind and a message that names the service:
 * unreachable (3), 401/403 (4), 404 (5), anything else (1).
 */
public final class ServiceClient {
    /** A local service that takes longer than this to accept a connection is not there. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Ordinary reads and actions answer in well under a second; streams have no such limit. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE = 500;

    private final String name;
    private final String base;
    private final Credentials credentials;
    private final HttpClient http;

    public ServiceClient(String name, URI base, Credentials credentials) {
        this.name = name;
        this.base = base.toString().replaceAll("/+$", "");
        this.credentials = credentials;
        // HTTP/1.1: the services speak it, and SSE streams must not be upgraded.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return base;
    }

    /** {@code GET} a JSON answer; {@code action} says what was asked, for the message of a 403. */
    public JsonNode getJson(String action, Map<String, String> query, String... path) {
        HttpResponse<byte[]> answer = send(action, request(uri(query, path)).GET().header("Accept", "application/json"));
        return Json.parse(name, answer.body());
    }

    public JsonNode getJson(String action, String... path) {
        return getJson(action, Map.of(), path);
    }

    /** {@code GET} a text answer (a build log) as its bytes, so a caller can tell what is new. */
    public byte[] getBytes(String action, String... path) {
        return send(action, request(uri(Map.of(), path)).GET()).body();
    }

    public JsonNode postJson(String action, JsonNode body, Map<String, String> headers, String... path) {
        HttpRequest.Builder request = request(uri(Map.of(), path))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        headers.forEach(request::header);
        return Json.parse(name, send(action, request).body());
    }

    /**
     * Opens a stream (Server-Sent Events) and answers once its headers are in; the caller reads and
     * closes the body. Unlike the other calls, no time limit applies to the body.
     */
    public InputStream openStream(String action, Map<String, String> headers, String... path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(Map.of(), path)).GET().header("Accept", "text/event-stream");
        credentials.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        headers.forEach(request::header);
        HttpResponse<InputStream> answer = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() / 100 != 2) {
            byte[] body;
            try (InputStream in = answer.body()) {
                body = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                body = new byte[0];
            }
            throw failure(action, answer.statusCode(), body, answer.headers().firstValue("Retry-After").orElse(null));
        }
        return answer.body();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        credentials.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request;
    }

    private HttpResponse<byte[]> send(String action, HttpRequest.Builder request) {
        HttpResponse<byte[]> answer = exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() / 100 != 2) {
            throw failure(action, answer.statusCode(), answer.body(), answer.headers().firstValue("Retry-After").orElse(null));
        }
        return answer;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + "s");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + REQUEST_TIMEOUT.toSeconds() + "s");
        } catch (ConnectException e) {
            throw unreachable(connectFailure(e));
        } catch (IOException e) {
            throw unreachable(hasCause(e, UnknownHostException.class) || hasCause(e, UnresolvedAddressException.class)
                    ? "unknown host" : "the connection failed (" + Objects.requireNonNullElse(innermostMessage(e), e.getClass().getSimpleName()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILED, "interrupted while waiting for " + name);
        }
    }

    /** The HTTP client reports a refused connection without a message; the socket's own one is below it. */
    private static String connectFailure(ConnectException e) {
        if (hasCause(e, UnresolvedAddressException.class)) {
            return "unknown host";
        }
        String message = innermostMessage(e);
        return message == null ? "connection refused" : message.toLowerCase(Locale.ROOT);
    }

    /** The deepest message in the chain: the HTTP client wraps the socket's exception, which says what went wrong. */
    private static String innermostMessage(Throwable e) {
        String message = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private ServiceUnreachableException unreachable(String why) {
        return new ServiceUnreachableException(name, base, why);
    }

    /** The exception of a non-2xx answer: its kind picks the exit code, its message the service's words. */
    CliException failure(String action, int status, byte[] body, String retryAfter) {
        String message = message(body, status);
        return switch (status) {
            case 401 -> new AccessRefusedException(credentials.token().isPresent()
                    ? "the token was refused by " + name + ": " + message + " (" + credentials.searched() + ")"
                    : name + " needs a token: " + message + "; none was found: " + credentials.searched());
            case 403 -> new AccessRefusedException(name + " refused to " + action + ": " + message);
            case 404 -> new NotFoundException(message);
            default -> new ServiceFailedException(name, status, message, retryAfter(retryAfter));
        };
    }

    /** The service's {@code {"message": ...}}, else its body as text, else the status alone. */
    private static String message(byte[] body, int status) {
        String text = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode message = Json.mapper().readTree(text).get("message");
                if (message != null && message.isTextual() && !message.asText().isBlank()) {
                    return oneLine(message.asText());
                }
            } catch (IOException e) {
                // not JSON after all: the text below says what the service sent
            }
        }
        return text.isEmpty() ? "HTTP " + status + " without a message" : oneLine(text);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the caller waits its own default
        }
    }

    URI uri(Map<String, String> query, String... path) {
        String segments = Arrays.stream(path).map(ServiceClient::segment).collect(Collectors.joining("/"));
        Map<String, String> present = new LinkedHashMap<>();
        query.forEach((key, value) -> {
            if (value != null) {
                present.put(key, value);
            }
        });
        String parameters = present.entrySet().stream().map(entry -> segment(entry.getKey()) + "=" + segment(entry.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(base + "/" + segments + (parameters.isEmpty() ? "" : "?" + parameters));
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return name + " at " + base;
    }
}
