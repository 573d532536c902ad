package dev.slipway.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

/**
 * status-service as status-api.md describes its API: plans, pages of builds, one build by number,
 * latest, commit prefix or request id, the monitoring table, and the SSE stream of build changes
 * ({@code event: build}, the summary as one line of data, a growing id). Every endpoint needs a viewer.
 */
final class StatusDouble extends FakeService {
    private final Map<String, List<BuildJson>> builds = new ConcurrentHashMap<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile JsonNode plans = JSON.createObjectNode().putArray("plans");
    private volatile JsonNode monitoring = JSON.createObjectNode();

    private record Subscriber(String plan, OutputStream out) {
    }

    StatusDouble() throws IOException {
        super("status-service");
        route("GET", "/plans", "viewer", (exchange, path) -> answer(exchange, 200, JSON.createObjectNode().set("plans", plans)));
        route("GET", "/plans/([^/]+)", "viewer", this::plan);
        route("GET", "/plans/([^/]+)/builds", "viewer", this::page);
        route("GET", "/plans/([^/]+)/builds/([^/]+)", "viewer", this::build);
        route("GET", "/plans/([^/]+)/events", "viewer", (exchange, path) -> subscribe(exchange, path.group(1)));
        route("GET", "/events", "viewer", (exchange, path) -> subscribe(exchange, null));
        route("GET", "/monitoring", "viewer", (exchange, path) -> answer(exchange, 200, monitoring));
    }

    /** The plans {@code GET /plans} lists (and {@code GET /plans/{plan}} picks from). */
    StatusDouble plans(JsonNode planList) {
        this.plans = planList;
        return this;
    }

    StatusDouble monitoring(JsonNode monitoring) {
        this.monitoring = monitoring;
        return this;
    }

    /** Stores the build as it is now, without telling the stream (a change the stream missed). */
    StatusDouble store(BuildJson build) {
        String plan = build.summary().get("plan").asText();
        List<BuildJson> list = builds.computeIfAbsent(plan, key -> new CopyOnWriteArrayList<>());
        list.removeIf(existing -> existing.summary().get("request").asText().equals(build.summary().get("request").asText()));
        list.add(0, build);
        return this;
    }

    /** Stores the build and sends it to every open stream of its plan, as status-service does on a change. */
    void publish(BuildJson build) throws IOException {
        store(build);
        String plan = build.summary().get("plan").asText();
        String event = "id: " + sequence.incrementAndGet() + "\nevent: build\ndata: " + JSON.writeValueAsString(build.summary()) + "\n\n";
        for (Subscriber subscriber : subscribers) {
            if (subscriber.plan() == null || subscriber.plan().equals(plan)) {
                try {
                    subscriber.out().write(event.getBytes(StandardCharsets.UTF_8));
                    subscriber.out().flush();
                } catch (IOException e) {
                    subscribers.remove(subscriber);
                }
            }
        }
    }

    /** Open streams that receive the plan's changes. */
    long subscribers(String plan) {
        return subscribers.stream().filter(subscriber -> subscriber.plan() == null || subscriber.plan().equals(plan)).count();
    }

    /** Ends every open stream, as a restarting service does. */
    void dropStreams() {
        for (Subscriber subscriber : subscribers) {
            subscribers.remove(subscriber);
            try {
                subscriber.out().close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private void subscribe(HttpExchange exchange, String plan) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        subscribers.add(new Subscriber(plan, out));
    }

    private void plan(HttpExchange exchange, Matcher path) throws IOException {
        for (JsonNode plan : plans) {
            if (plan.get("plan").asText().equals(path.group(1))) {
                answer(exchange, 200, plan);
                return;
            }
        }
        answer(exchange, 404, message("no build of plan '" + path.group(1) + "' is known to status-service"));
    }

    private void page(HttpExchange exchange, Matcher path) throws IOException {
        String plan = path.group(1);
        Map<String, String> query = query(exchange);
        int page = Integer.parseInt(query.getOrDefault("page", "0"));
        int size = Integer.parseInt(query.getOrDefault("size", "20"));
        if (size < 1 || size > 100) {
            answer(exchange, 400, message("size must be between 1 and 100, was " + size));
            return;
        }
        List<BuildJson> all = builds.get(plan);
        if (all == null) {
            answer(exchange, 404, message("no build of plan '" + plan + "' is known to status-service"));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("plan", plan).put("page", page).put("size", size).put("total", all.size());
        ArrayNode list = answer.putArray("builds");
        all.stream().skip((long) page * size).limit(size).forEach(build -> list.add(build.summary()));
        answer(exchange, 200, answer);
    }

    private void build(HttpExchange exchange, Matcher path) throws IOException {
        String plan = path.group(1);
        String ref = URLDecoder.decode(path.group(2), StandardCharsets.UTF_8);
        Optional<BuildJson> found = find(plan, ref);
        if (found.isPresent()) {
            answer(exchange, 200, found.get().details());
        } else if (!builds.containsKey(plan)) {
            answer(exchange, 404, message("no build of plan '" + plan + "' is known to status-service"));
        } else {
            answer(exchange, 404, message("plan '" + plan + "' has no build '" + ref + "'"));
        }
    }

    private Optional<BuildJson> find(String plan, String ref) {
        List<BuildJson> all = new ArrayList<>(builds.getOrDefault(plan, List.of()));
        return all.stream().filter(build -> {
            JsonNode summary = build.summary();
            return ref.equals("latest")
                    || (ref.matches("\\d+") && summary.get("number").asText().equals(ref))
                    || summary.get("request").asText().equals(ref)
                    || (ref.length() >= 7 && summary.get("commit").asText().startsWith(ref));
        }).findFirst();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new java.util.HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }
}
