package dev.slipway.image.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the artifact service in tests: serves archives from memory on loopback, on a port
 * of its own, and remembers every request it received (path and {@code Authorization} header).
 * A path can also answer with a redirect elsewhere, as a compromised or misconfigured server might.
 */
public final class ArtifactServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> archives = new ConcurrentHashMap<>();
    private final Map<String, URI> redirects = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** One request as the server received it; {@code authorization} is null when none was sent. */
    public record Request(String path, String authorization) {
    }

    private ArtifactServer(HttpServer server) {
        this.server = server;
    }

    public static ArtifactServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ArtifactServer artifacts = new ArtifactServer(server);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                artifacts.requested.add(path);
                artifacts.requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] body = artifacts.archives.get(path);
                URI redirect = artifacts.redirects.get(path);
                if (redirect != null) {
                    exchange.getResponseHeaders().set("Location", redirect.toString());
                    exchange.sendResponseHeaders(302, -1);
                } else if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/gzip");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
            return artifacts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prefix the image service must be allowed to fetch from. */
    public String prefix() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public URI serve(String path, byte[] archive) {
        archives.put(path, archive);
        return URI.create(prefix() + path.replaceFirst("^/", ""));
    }

    /** Answers {@code path} with a 302 to {@code target}. */
    public URI redirect(String path, URI target) {
        redirects.put(path, target);
        return URI.create(prefix() + path.replaceFirst("^/", ""));
    }

    public List<String> requested() {
        return List.copyOf(requested);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
