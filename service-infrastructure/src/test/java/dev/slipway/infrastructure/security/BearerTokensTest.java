package dev.slipway.infrastructure.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call what: a server with a viewer endpoint, an operator endpoint, a webhook-like
 * anonymous one, /health and /prometheus, and tokens from configuration and from a tokens file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerTokensTest {
    private static final String VIEWER = ApiToken.generate();
    private static final String OPERATOR = ApiToken.generate();
    private static final String ADMIN = ApiToken.generate();
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedServer server;

    @BeforeAll
    void start() throws Exception {
        Path tokensFile = Files.createTempDirectory("slipway-tokens").resolve("api-tokens");
        Files.writeString(tokensFile, "# made by bin/slipway\nadmin admin " + ApiToken.sha256Hex(ADMIN) + "\n");
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("spec.name", "BearerTokensTest");
        properties.put("slipway.security.tokens-file", tokensFile.toString());
        properties.put("slipway.security.tokens.qa.role", "viewer");
        properties.put("slipway.security.tokens.qa.sha256", ApiToken.sha256Hex(VIEWER));
        properties.put("slipway.security.tokens.release-bot.role", "operator");
        properties.put("slipway.security.tokens.release-bot.sha256", "sha256:" + ApiToken.sha256Hex(OPERATOR));
        server = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void withoutATokenEveryProtectedEndpointAnswers401AndSaysWhatItNeeds() throws Exception {
        Answer read = send("GET", "/plans", null);
        assertEquals(401, read.status());
        assertEquals("this endpoint needs a bearer token: send 'Authorization: Bearer <token>' with a token that has the viewer role",
                read.message());
        Answer write = send("POST", "/plans", null);
        assertEquals(401, write.status());
        assertTrue(write.message().contains("the operator role"), write.message());
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        Answer answer = send("GET", "/plans", "slw_" + "0".repeat(64));
        assertEquals(401, answer.status());
        assertTrue(answer.message().startsWith("the bearer token is not one this service accepts"), answer.message());
    }

    @Test
    void aViewerReadsButMayNotAct() throws Exception {
        assertEquals(200, send("GET", "/plans", VIEWER).status());
        Answer answer = send("POST", "/plans", VIEWER);
        assertEquals(403, answer.status());
        assertEquals("this needs the operator role; token 'qa' has the viewer role", answer.message());
    }

    @Test
    void anOperatorActsAndAnAdminFromTheTokensFileDoesEverything() throws Exception {
        assertEquals(200, send("POST", "/plans", OPERATOR).status());
        assertEquals(200, send("GET", "/plans", OPERATOR).status());
        assertEquals(200, send("POST", "/plans", ADMIN).status());
        assertEquals("operator release-bot", send("POST", "/plans", OPERATOR).body());
    }

    @Test
    void anAnonymousEndpointAndTheOperatorEndpointsNeedNoToken() throws Exception {
        assertEquals(200, send("POST", "/hook", null).status());
        assertEquals(200, send("GET", "/prometheus", null).status());
        Answer health = send("GET", "/health", null);
        assertEquals(200, health.status());
        assertFalse(health.json().has("details"), "health details only for a token: " + health.body());
        assertTrue(send("GET", "/health", VIEWER).json().has("details"), "details for a token holder");
    }

    @Test
    void aTokenGivenInsteadOfItsHashIsRefusedAtStartWithItsName() {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1, "spec.name", "BearerTokensTest",
                "slipway.security.tokens.ci.role", "operator", "slipway.security.tokens.ci.sha256", OPERATOR)).close());
        assertTrue(messages(e).contains("slipway.security.tokens.ci: token 'ci': sha256 must be the token's SHA-256"), messages(e));
    }

    @Test
    void anUnknownRoleIsRefusedAtStart() {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1, "spec.name", "BearerTokensTest",
                "slipway.security.tokens.ci.role", "root", "slipway.security.tokens.ci.sha256", ApiToken.sha256Hex(OPERATOR))).close());
        assertTrue(messages(e).contains("role 'root' is not one of viewer, operator, admin"), messages(e));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }

    private Answer send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(body);
        }

        String message() throws Exception {
            return json().path("message").asText();
        }
    }

    @Requires(property = "spec.name", value = "BearerTokensTest")
    @Controller
    static class PlansController {
        @Get("/plans")
        @Secured(Roles.VIEWER)
        String plans() {
            return "[]";
        }

        @Post("/plans")
        @Secured(Roles.OPERATOR)
        String act(java.security.Principal principal) {
            return "operator " + principal.getName();
        }

        @Post("/hook")
        @Secured(SecurityRule.IS_ANONYMOUS)
        String hook() {
            return "ok";
        }
    }
}
