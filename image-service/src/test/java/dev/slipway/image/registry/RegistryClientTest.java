package dev.slipway.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a tag's digest from registries that want no credentials, basic credentials, or a token
 * from their auth service, against a stand-in that speaks the Distribution API's headers.
 */
class RegistryClientTest {
    private static final String PASSWORD = "s3cret-pa55";
    private static final Digest DIGEST = Digest.of("sha256:" + "0f".repeat(32));
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private HttpServer registry;
    /** A token service on another host (127.0.0.2 is loopback too, but not the registry's host). */
    private HttpServer otherHost;
    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> manifestsByDigest = new ConcurrentHashMap<>();
    private final List<String> otherHostAuthorizations = new CopyOnWriteArrayList<>();
    private volatile String mode = "open";

    @BeforeEach
    void start() throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/v2/shop/manifests/1.4.0-7", this::manifest);
        registry.createContext("/v2/shop/manifests/sha256:", exchange -> {
            byte[] body = manifestsByDigest.get(exchange.getRequestURI().getPath().substring("/v2/shop/manifests/".length()));
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        registry.createContext("/token", exchange -> {
            boolean ok = BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && "repository:shop:pull".equals(exchange.getRequestURI().getQuery().replaceAll(".*scope=([^&]*).*", "$1").replace("%3A", ":"));
            byte[] body = "{\"token\": \"t0k3n\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, ok ? body.length : -1);
            if (ok) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        registry.start();
        otherHost = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        otherHost.createContext("/token", exchange -> {
            otherHostAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"token\": \"t0k3n\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        otherHost.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        otherHost.stop(0);
    }

    private void manifest(HttpExchange exchange) throws IOException {
        accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean allowed = switch (mode) {
            case "basic" -> BASIC.equals(authorization);
            case "token", "foreign-realm" -> "Bearer t0k3n".equals(authorization);
            case "down" -> false;
            default -> true;
        };
        if ("down".equals(mode)) {
            exchange.sendResponseHeaders(503, -1);
        } else if (!allowed) {
            if ("token".equals(mode)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + address()
                        + "/token\",service=\"registry\",scope=\"repository:shop:pull\"");
            } else if ("foreign-realm".equals(mode)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + otherHostAddress()
                        + "/token\",service=\"registry\",scope=\"repository:shop:pull\"");
            } else {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
            }
            exchange.sendResponseHeaders(401, -1);
        } else {
            exchange.getResponseHeaders().set("Docker-Content-Digest", DIGEST.value());
            exchange.sendResponseHeaders(200, -1);
        }
        exchange.close();
    }

    @Test
    void anOpenRegistryTellsTheDigestOfATag() {
        assertEquals(DIGEST, client(null, null).digest(tag()));
        assertTrue(accepts.get(0).contains("application/vnd.docker.distribution.manifest.v2+json"), accepts.toString());
        assertTrue(accepts.get(0).contains("application/vnd.oci.image.index.v1+json"), accepts.toString());
    }

    @Test
    void basicCredentialsAreSentAndAWrongPasswordIsRefusedWithoutRevealingIt() {
        mode = "basic";
        assertEquals(DIGEST, client("ci", PASSWORD).digest(tag()));

        RegistryRejectedException refused = assertThrows(RegistryRejectedException.class, () -> client("ci", "wrong-" + PASSWORD).digest(tag()));
        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().contains("refused to read"), refused.getMessage());
        assertFalse(refused.getMessage().contains(PASSWORD), "the password never appears in a reason");
    }

    @Test
    void aRegistryWithATokenServiceGetsTheCredentialsTradedForAToken() {
        mode = "token";
        assertEquals(DIGEST, client("ci", PASSWORD).digest(tag()));
        RegistryRejectedException refused = assertThrows(RegistryRejectedException.class, () -> client("ci", "nope").digest(tag()));
        assertFalse(refused.getMessage().contains("nope"));
    }

    /**
     * Whoever answers as the registry (a compromised registry, a man in the middle of plain HTTP)
     * could name a token service of theirs as the realm, and collect the registry's password.
     */
    @Test
    void theCredentialsAreNeverSentToATokenServiceOnAnotherHost() {
        mode = "foreign-realm";
        RegistryRejectedException refused = assertThrows(RegistryRejectedException.class, () -> client("ci", PASSWORD).digest(tag()));
        assertFalse(refused.retryable());
        assertEquals("the registry " + address() + " asks for its credentials at a token service on http://" + otherHostAddress()
                + ", which is neither the registry's host nor in slipway.image.registry.token-hosts; the credentials were not sent",
                refused.getMessage());
        assertEquals(List.of(), otherHostAuthorizations, "the other host was never asked");
    }

    @Test
    void aTokenServiceOnAConfiguredTokenHostGetsThem() {
        mode = "foreign-realm";
        RegistryClient trusting = new RegistryClient(new RegistryConfiguration(address(), false, null, "ci", PASSWORD,
                Duration.ofSeconds(5), Duration.ofMinutes(1), List.of(otherHostAddress())));
        assertEquals(DIGEST, trusting.digest(tag()));
        assertEquals(List.of(BASIC), otherHostAuthorizations);
    }

    @Test
    void withoutCredentialsAnyTokenServiceMayHandOutAnAnonymousToken() {
        mode = "foreign-realm";
        assertEquals(DIGEST, client(null, null).digest(tag()));
        assertEquals(List.of("null"), otherHostAuthorizations, "asked, with nothing to give away");
    }

    @Test
    void aPushedManifestIsAcceptedOnlyWhenItIsTheTestedImage() {
        String tested = "sha256:" + "ab".repeat(32);
        byte[] manifest = ("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\","
                + " \"config\": {\"mediaType\": \"application/vnd.docker.container.image.v1+json\", \"size\": 1234,"
                + " \"digest\": \"" + tested + "\"}, \"layers\": []}").getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(sha256(manifest));
        manifestsByDigest.put(digest.value(), manifest);
        ImageReference pinned = tag().withDigest(digest);

        client(null, null).requireImage(pinned, tested);

        String other = "sha256:" + "cd".repeat(32);
        PushedImageMismatchException mismatch = assertThrows(PushedImageMismatchException.class,
                () -> client(null, null).requireImage(pinned, other));
        assertTrue(mismatch.retryable(), "pointing the tag at the tested image and pushing again may work");
        assertTrue(mismatch.getMessage().contains("which is the image " + tested + ", not the tested image " + other), mismatch.getMessage());

        // A registry (or whoever answers for it) that serves other bytes under the digest is not believed.
        Digest claimed = Digest.of("sha256:" + "ef".repeat(32));
        manifestsByDigest.put(claimed.value(), manifest);
        RegistryRejectedException forged = assertThrows(RegistryRejectedException.class,
                () -> client(null, null).requireImage(tag().withDigest(claimed), tested));
        assertTrue(forged.getMessage().endsWith("with a manifest whose digest is " + digest), forged.getMessage());
    }

    @Test
    void aFailingRegistryIsWorthRetrying() {
        mode = "down";
        RegistryUnavailableException down = assertThrows(RegistryUnavailableException.class, () -> client(null, null).digest(tag()));
        assertTrue(down.retryable());
    }

    @Test
    void theConfigurationNeverPrintsThePassword() {
        RegistryConfiguration configuration = configuration("ci", PASSWORD);
        assertFalse(configuration.toString().contains(PASSWORD), configuration.toString());
        assertTrue(configuration.toString().contains("password=****"));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String otherHostAddress() {
        return "127.0.0.2:" + otherHost.getAddress().getPort();
    }

    private String address() {
        return "127.0.0.1:" + registry.getAddress().getPort();
    }

    private ImageReference tag() {
        return ImageReference.of(address(), "shop", "1.4.0-7");
    }

    private RegistryClient client(String username, String password) {
        return new RegistryClient(configuration(username, password));
    }

    private RegistryConfiguration configuration(String username, String password) {
        return new RegistryConfiguration(address(), false, null, username, password, Duration.ofSeconds(5), Duration.ofMinutes(1), List.of());
    }
}
