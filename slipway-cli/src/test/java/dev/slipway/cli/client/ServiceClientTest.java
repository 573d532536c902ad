package dev.slipway.cli.client;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How each answer a service can give becomes an exit code and one line for the person. */
class ServiceClientTest {
    private final ServiceClient withToken = new ServiceClient("deploy-service", URI.create("http://127.0.0.1:8084/"),
            Credentials.fromEnvironment(Map.of("SLIPWAY_TOKEN", "s3cret")));
    private final ServiceClient withoutToken = new ServiceClient("deploy-service", URI.create("http://127.0.0.1:8084"),
            Credentials.fromEnvironment(Map.of("SLIPWAY_DATA", "/nonexistent")));

    private static byte[] message(String text) {
        return ("{\"message\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedTokenIsExit4AndSaysWhereTheTokenCameFromButNotWhatItIs() {
        CliException refused = withToken.failure("roll back", 401, message("the bearer token is not one this service accepts"), null);

        assertEquals(ExitCode.ACCESS, refused.exitCode());
        assertEquals("the token was refused by deploy-service: the bearer token is not one this service accepts (the token came from SLIPWAY_TOKEN)",
                refused.getMessage());
        assertTrue(!refused.getMessage().contains("s3cret"));
    }

    @Test
    void noTokenIsExit4AndSaysWhereItLooked() {
        CliException refused = withoutToken.failure("roll back", 401, message("this endpoint needs a bearer token"), null);

        assertEquals(ExitCode.ACCESS, refused.exitCode());
        assertEquals("deploy-service needs a token: this endpoint needs a bearer token; none was found: SLIPWAY_TOKEN and SLIPWAY_TOKEN_FILE "
                + "are not set, and the default token file /nonexistent/admin-token, which does not exist", refused.getMessage());
    }

    @Test
    void aRoleTooLowIsExit4WithTheActionAndTheServicesWords() {
        CliException forbidden = withToken.failure("roll back", 403, message("this needs the operator role; token 'ci' has the viewer role"), null);

        assertEquals(ExitCode.ACCESS, forbidden.exitCode());
        assertEquals("deploy-service refused to roll back: this needs the operator role; token 'ci' has the viewer role", forbidden.getMessage());
    }

    @Test
    void notFoundIsExit5WithTheServicesMessageAlone() {
        CliException notFound = withToken.failure("read", 404, message("plan 'shop' has no build '42'"), null);

        assertInstanceOf(NotFoundException.class, notFound);
        assertEquals(ExitCode.NOT_FOUND, notFound.exitCode());
        assertEquals("plan 'shop' has no build '42'", notFound.getMessage());
    }

    @Test
    void anyOtherErrorIsExit1AndKeepsRetryAfter() {
        CliException unavailable = withToken.failure("deploy", 503, message("the request could not be queued, try again"), "3");

        assertEquals(ExitCode.FAILED, unavailable.exitCode());
        assertEquals("deploy-service answered 503: the request could not be queued, try again", unavailable.getMessage());
        assertEquals(Duration.ofSeconds(3), ((ServiceFailedException) unavailable).retryAfter().orElseThrow());
    }

    @Test
    void aBodyThatIsNotJsonIsQuotedOnOneLine() {
        CliException failed = withToken.failure("deploy", 502, "<html>\n<body>Bad Gateway</body>\n</html>".getBytes(StandardCharsets.UTF_8), null);

        assertEquals("deploy-service answered 502: <html> <body>Bad Gateway</body> </html>", failed.getMessage());
        assertEquals("deploy-service answered 500: HTTP 500 without a message", withToken.failure("deploy", 500, new byte[0], null).getMessage());
    }

    @Test
    void pathSegmentsAreEncodedUnderTheBaseUrl() {
        assertEquals("http://127.0.0.1:8084/plans/shop/builds/a%20b%2Fc?page=1",
                withToken.uri(new java.util.LinkedHashMap<>(Map.of("page", "1")), "plans", "shop", "builds", "a b/c").toString());
    }
}
