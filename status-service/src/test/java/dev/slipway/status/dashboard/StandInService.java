package dev.slipway.status.dashboard;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Another Slipway service as the dashboard calls it (deploy-, webhook- or image-service): a JDK HTTP
 * server on a free loopback port that records each request and answers what the test told it to.
 */
// SHARED-CANDIDATE: a stand-in of another service's HTTP API is what the CLI's and other services' tests of their
// clients need too; it belongs in service-testing next to HttpAnswer.
final class StandInService implements AutoCloseable {
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile String body = "{}";

    private StandInService(HttpServer server) {
        this.server = server;
    }

    static StandInService start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StandInService standIn = new StandInService(server);
            server.createContext("/", exchange -> {
                byte[] request = exchange.getRequestBody().readAllBytes();
                standIn.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"), new String(request, StandardCharsets.UTF_8)));
                byte[] answer = standIn.body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", standIn.contentType);
                exchange.sendResponseHeaders(standIn.status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
                exchange.close();
            });
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on, every request is answered so. */
    void answers(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    void forget() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    record Received(String method, String path, String authorization, String body) {
    }
}
