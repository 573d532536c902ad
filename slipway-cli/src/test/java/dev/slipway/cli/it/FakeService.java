package dev.slipway.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server (the JDK's) standing in for a Slipway service: routes by method and path pattern,
 * the services' bearer-token rules (401 without or with an unknown token, 403 for a role too low,
 * with the services' messages), and a record of every request for the tests to look at.
 */
class FakeService implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ROLES = List.of("viewer", "operator", "admin");

    /** What a route answers; it may also keep the exchange open (a stream). */
    interface Handler {
        void handle(HttpExchange exchange, Matcher path) throws IOException;
    }

    record Route(String method, Pattern path, String role, Handler handler) {
    }

    /** A request as it arrived. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private final String name;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;
    private int port;

    FakeService(String name) throws IOException {
        this.name = name;
        listen(0);
    }

    private void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
        port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A token the service accepts, with its role (tokens are named after themselves in messages). */
    FakeService acceptToken(String token, String role) {
        tokens.put(token, role);
        return this;
    }

    FakeService route(String method, String pathPattern, String role, Handler handler) {
        routes.add(0, new Route(method, Pattern.compile(pathPattern), role, handler));
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String method, String path) {
        return received.stream().filter(request -> request.method().equals(method) && request.path().equals(path)).toList();
    }

    /** Stops listening and starts again on the same port: the service restarted. */
    void restart(Runnable whileDown) throws IOException {
        server.stop(0);
        whileDown.run();
        listen(port);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getRawPath();
        received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (route.method().equals(exchange.getRequestMethod()) && matcher.matches()) {
                if (allowed(exchange, route.role())) {
                    route.handler().handle(exchange, matcher);
                }
                return;
            }
        }
        answer(exchange, 404, message("no route " + exchange.getRequestMethod() + " " + path + " in " + name));
    }

    /** The rules and words of service-infrastructure's AccessDeniedAnswers. */
    private boolean allowed(HttpExchange exchange, String role) throws IOException {
        if (role == null) {
            return true;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            answer(exchange, 401, message("this endpoint needs a bearer token: send 'Authorization: Bearer <token>' with a token that has the " + role + " role"));
            return false;
        }
        String has = tokens.get(authorization.replaceFirst("^Bearer ", ""));
        if (has == null) {
            answer(exchange, 401, message("the bearer token is not one this service accepts: send 'Authorization: Bearer <token>' with a token that has the " + role + " role"));
            return false;
        }
        if (ROLES.indexOf(has) < ROLES.indexOf(role)) {
            answer(exchange, 403, message("this needs the " + role + " role; token '" + has + "-token' has the " + has + " role"));
            return false;
        }
        return true;
    }

    static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    static void answer(HttpExchange exchange, int status, JsonNode json) throws IOException {
        answer(exchange, status, "application/json", JSON.writeValueAsBytes(json));
    }

    static void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
