package dev.slipway.infrastructure.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import dev.slipway.infrastructure.security.ApiToken;
import dev.slipway.infrastructure.security.Roles;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.annotation.Secured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors the framework answers itself, and a damaged state file, have the same body as every service's own errors. */
class MessageErrorBodiesTest {
    private static EmbeddedServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A path that does not exist answers 401 to a caller without a token: it must not learn which paths exist. */
    private static final String TOKEN = ApiToken.generate();

    @BeforeAll
    static void start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1, "spec.name", "MessageErrorBodiesTest",
                "slipway.security.tokens.tester.role", "viewer", "slipway.security.tokens.tester.sha256", ApiToken.sha256Hex(TOKEN)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anUnknownPathIsA404WithAMessage() throws Exception {
        HttpResponse<String> answer = get("/no-such-thing");
        assertEquals(404, answer.statusCode());
        assertEquals(1, json(answer).size(), "only the message: " + answer.body());
        assertTrue(json(answer).path("message").asText().length() > 0, answer.body());
    }

    @Test
    void aMissingParameterIsA400ThatNamesIt() throws Exception {
        HttpResponse<String> answer = get("/greeting");
        assertEquals(400, answer.statusCode());
        assertTrue(json(answer).path("message").asText().contains("name"), answer.body());
    }

    @Test
    void aDamagedStateFileIsA500ThatNamesTheFile() throws Exception {
        HttpResponse<String> answer = get("/greeting/damaged");
        assertEquals(500, answer.statusCode());
        assertTrue(json(answer).path("message").asText().startsWith("the state file /var/lib/slipway/deploy/shop.json cannot be read"),
                answer.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return new ObjectMapper().readTree(answer.body());
    }

    @Requires(property = "spec.name", value = "MessageErrorBodiesTest")
    @Controller("/greeting")
    @Secured(Roles.VIEWER)
    static class GreetingController {
        @Get
        String greet(@QueryValue String name) {
            return "hello " + name;
        }

        @Get("/damaged")
        String damaged() {
            throw new UnreadableStateFileException(Path.of("/var/lib/slipway/deploy/shop.json"),
                    new java.io.EOFException("Unexpected end-of-input"));
        }
    }
}
