package dev.slipway.artifact.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Git's smart HTTP protocol over TLS with a token, as GitHub or GitLab serve it: an HTTPS server
 * (with a certificate made for the test) that asks for Basic authentication and hands each
 * request to Git's own CGI program, {@code git http-backend}.
 *
 * <p>While it runs, the JVM's default HTTPS connections trust its certificate, as an operator
 * would make the JVM trust an internal Git host's certificate authority.
 */
public final class HttpsGitServer implements AutoCloseable {
    private static final char[] PASSWORD = "test-keystore".toCharArray();

    private final HttpsServer server;
    private final SSLContext tls;
    private final String expectedAuthorization;
    private final SSLSocketFactory previousDefault;
    private final List<String> requests;

    private HttpsGitServer(HttpsServer server, SSLContext tls, String expectedAuthorization, SSLSocketFactory previousDefault,
                           List<String> requests) {
        this.server = server;
        this.tls = tls;
        this.expectedAuthorization = expectedAuthorization;
        this.previousDefault = previousDefault;
        this.requests = requests;
    }

    /** Serves every repository under {@code base} to whoever sends {@code username} and {@code token}. */
    public static HttpsGitServer serve(Path base, String username, String token) {
        try {
            SSLContext tls = selfSignedContext(Files.createTempDirectory("https-git-"));
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
            List<String> requests = new CopyOnWriteArrayList<>();
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                try {
                    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                        exchange.sendResponseHeaders(401, -1);
                    } else {
                        httpBackend(base, username, exchange);
                    }
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            SSLSocketFactory previous = HttpsURLConnection.getDefaultSSLSocketFactory();
            HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
            return new HttpsGitServer(server, tls, expected, previous, requests);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTPS Git server", e);
        }
    }

    /** {@code https://HOST:PORT/NAME.git}; the certificate is valid for 127.0.0.1 and localhost. */
    public String url(String host, TestRepository repository) {
        return "https://" + host + ":" + port() + "/" + repository.directory().getFileName();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request that reached the repositories ({@code "GET /shop.git/info/refs"}), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Repositories under {@code prefix} have moved to {@code target}: a request with the right
     * token is answered {@code 302 Found} with the same path below {@code target}, as a Git host
     * answers for a renamed repository (or a hostile one, to learn the token).
     */
    public void redirect(String prefix, String target) {
        server.createContext(prefix, exchange -> {
            try {
                if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                } else {
                    String rest = exchange.getRequestURI().getRawPath().substring(prefix.length());
                    String query = exchange.getRequestURI().getRawQuery();
                    exchange.getResponseHeaders().add("Location", target + "/" + rest + (query == null ? "" : "?" + query));
                    exchange.sendResponseHeaders(302, -1);
                }
            } finally {
                exchange.close();
            }
        });
    }

    /**
     * Another host (another port, the same certificate, so the JVM trusts it too) that wants a
     * token as every Git host does, and records the {@code Authorization} each request carried
     * ({@code "none"} when it carried none).
     */
    public OtherHost anotherHost() {
        try {
            HttpsServer other = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            other.setHttpsConfigurator(new HttpsConfigurator(tls));
            List<String> authorizations = new CopyOnWriteArrayList<>();
            other.createContext("/", exchange -> {
                authorizations.add(Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Authorization"), "none"));
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
            });
            other.start();
            return new OtherHost(other, authorizations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host the test controls, with what it was sent. */
    public record OtherHost(HttpsServer server, List<String> authorizations) implements AutoCloseable {
        public String url() {
            return "https://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void httpBackend(Path base, String user, HttpExchange exchange) throws IOException {
        ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = cgi.environment();
        env.put("GIT_PROJECT_ROOT", base.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", "127.0.0.1");
        copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
        copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
        copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
        Process process = cgi.start();
        Thread requestBody = new Thread(() -> {
            try (OutputStream stdin = process.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                body.transferTo(stdin);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        requestBody.start();
        try (InputStream stdout = process.getInputStream()) {
            int status = 200;
            for (String line = readLine(stdout); !line.isEmpty(); line = readLine(stdout)) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                stdout.transferTo(response);
            }
        }
    }

    private static void copyHeader(HttpExchange exchange, String header, Map<String, String> env, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static SSLContext selfSignedContext(Path directory) throws Exception {
        Path keystore = directory.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "git", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        } finally {
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(directory);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        HttpsURLConnection.setDefaultSSLSocketFactory(previousDefault);
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
