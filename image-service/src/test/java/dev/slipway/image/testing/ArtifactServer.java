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
 * of its own, and remembers every path it was asked for.
 */
public final class ArtifactServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> archives = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();

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
                byte[] body = artifacts.archives.get(path);
                if (body == null) {
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

    public List<String> requested() {
        return List.copyOf(requested);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
