package dev.slipway.deploy.targets.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Marathon 1.5–1.10 with one agent, speaking the v2 REST API as its reference
 * documents it (docs/docs/rest-api/public/api/v2 in mesosphere/marathon: apps.raml,
 * deployments.raml, queue.raml and their types and examples). Marathon and Mesos cannot be
 * installed on these machines, so this is what the Marathon target is tested against.
 *
 * <p>What it does: validates app definitions against the documented types (422 with
 * {@code details} otherwise), requires the configured credentials (401), answers {@code PUT
 * /v2/apps/{id}} with a {@code DeploymentResult} and a {@code Marathon-Deployment-Id} header,
 * lists running deployments, and places an app when its agent has the CPUs and memory for all
 * instances. A placed task is a real HTTP server on loopback (answering 200 on every path), so
 * URLs built from task host and port can be fetched. An app that does not fit sits in {@code GET
 * /v2/queue} with a {@code processedOffersSummary} whose {@code rejectSummaryLastOffers} counts
 * declined offers per reason (InsufficientCpus, InsufficientMemory, ...), as Marathon reports it,
 * and launches once capacity is freed. {@code DELETE /v2/deployments/{id}} rolls back.
 */
public final class MarathonDouble implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The funnel an offer goes through in Marathon's matcher, in its order. */
    private static final List<String> OFFER_STEPS = List.of("UnfulfilledRole", "UnfulfilledConstraint",
            "NoCorrespondingReservationFound", "AgentMaintenance", "InsufficientCpus", "InsufficientMemory",
            "InsufficientDisk", "InsufficientGpus", "InsufficientPorts", "DeclinedScarceResources");
    private static final Set<String> HEALTH_PROTOCOLS = Set.of("HTTP", "HTTPS", "TCP", "COMMAND", "MESOS_TCP", "MESOS_HTTP", "MESOS_HTTPS", "MARATHON_HTTP", "MARATHON_HTTPS", "MARATHON_TCP");
    private static final Set<String> NETWORK_MODES = Set.of("container", "container/bridge", "host");

    private final HttpServer server;
    private final ScheduledExecutorService offers = Executors.newSingleThreadScheduledExecutor();
    private final Set<String> acceptedAuthorizations;
    private final Map<String, App> apps = new LinkedHashMap<>();
    private final Map<String, Deployment> deployments = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private double agentCpus;
    private double agentMem;
    private int unavailableFor;
    private URI redirectTo;
    /** Images whose tasks fail their health checks: their health path answers 503. */
    private final Set<String> unhealthyImages = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public record Request(String method, String path, String authorization, JsonNode body) {
    }

    private static final class App {
        ObjectNode definition;
        ObjectNode previous;
        String version;
        String previousVersion;
        final List<Task> tasks = new ArrayList<>();
        /**
         * Tasks of the version being replaced that keep running during an upgrade with
         * {@code upgradeStrategy.minimumHealthCapacity} 1: Marathon stops them only once the new
         * version's tasks are healthy (over capacity by {@code maximumOverCapacity} meanwhile).
         */
        final List<Task> replaced = new ArrayList<>();

        ObjectNode previousOr() {
            return previous != null ? previous : definition;
        }
        Instant queuedSince;
        int offersProcessed;
        final Map<String, Integer> declined = new LinkedHashMap<>();
    }

    private record Deployment(String id, String version, String appId, String action) {
    }

    private static final class Task {
        final String id;
        final String version;
        final HttpServer http;
        final Instant started = Instant.now();

        final boolean healthy;
        final String healthPath;

        Task(String appId, String version, String image, String healthPath, boolean healthy) throws IOException {
            this.id = appId.substring(1).replace('/', '_') + "." + UUID.randomUUID();
            this.version = version;
            this.healthy = healthy;
            this.healthPath = healthPath;
            this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] page = ("marathon task of " + image + "\n").getBytes(StandardCharsets.UTF_8);
            http.createContext("/", exchange -> {
                boolean failing = !healthy && healthPath != null && exchange.getRequestURI().getPath().equals(healthPath);
                byte[] body = failing ? "database unreachable\n".getBytes(StandardCharsets.UTF_8) : page;
                exchange.sendResponseHeaders(failing ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }
    }

    /** @param acceptedAuthorizations the {@code Authorization} values it accepts; empty for no authentication */
    public MarathonDouble(double agentCpus, double agentMem, Set<String> acceptedAuthorizations) throws IOException {
        this.agentCpus = agentCpus;
        this.agentMem = agentMem;
        this.acceptedAuthorizations = acceptedAuthorizations;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        // Mesos offers the agent's resources again and again; each offer is matched against the queue.
        offers.scheduleWithFixedDelay(this::offer, 200, 200, TimeUnit.MILLISECONDS);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Tasks of this image (by digest) fail their HTTP health check from now on: Marathon never counts them healthy. */
    public void failHealthChecksOf(String image) {
        unhealthyImages.add(image);
    }

    /** Another framework releases (or takes) resources on the agent. */
    public synchronized void setAgentResources(double cpus, double mem) {
        this.agentCpus = cpus;
        this.agentMem = mem;
    }

    /** The next {@code requests} requests are answered 503, as Marathon does while it has no leader. */
    public synchronized void unavailableFor(int requests) {
        this.unavailableFor = requests;
    }

    /**
     * Every request is answered {@code 307 Temporary Redirect} to the same path on {@code elsewhere}
     * (as a Marathon that is not the leader, or a proxy in front of it, could answer), until reset.
     */
    public synchronized void redirectTo(URI elsewhere) {
        this.redirectTo = elsewhere;
    }

    /** Forgets every app, as a fresh cluster: what one test deployed does not take the next one's resources. */
    public synchronized void reset(double cpus, double mem) {
        apps.values().forEach(MarathonDouble::stopTasks);
        apps.clear();
        unhealthyImages.clear();
        deployments.clear();
        unavailableFor = 0;
        redirectTo = null;
        setAgentResources(cpus, mem);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = null;
            if (raw.length > 0) {
                try {
                    body = JSON.readTree(raw);
                } catch (IOException e) {
                    respond(exchange, 400, error("Invalid JSON", "/", "error.expected.jsobject"));
                    return;
                }
            }
            requests.add(new Request(method, path, authorization, body));
            synchronized (this) {
                if (redirectTo != null) {
                    exchange.getResponseHeaders().set("Location", redirectTo.resolve(exchange.getRequestURI().toString()).toString());
                    respond(exchange, 307, JSON.createObjectNode().put("message", "Temporary Redirect"));
                    return;
                }
            }
            if (!acceptedAuthorizations.isEmpty() && (authorization == null || !acceptedAuthorizations.contains(authorization))) {
                respond(exchange, 401, JSON.createObjectNode().put("message", "Invalid username or password."));
                return;
            }
            synchronized (this) {
                if (unavailableFor > 0) {
                    unavailableFor--;
                    respond(exchange, 503, JSON.createObjectNode().put("message", "Could not determine the current leader"));
                    return;
                }
                route(exchange, method, path, body);
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path, JsonNode body) throws IOException {
        if (path.equals("/v2/deployments") && method.equals("GET")) {
            respond(exchange, 200, deploymentList());
        } else if (path.startsWith("/v2/deployments/") && method.equals("DELETE")) {
            cancel(exchange, path.substring("/v2/deployments/".length()));
        } else if (path.equals("/v2/queue") && method.equals("GET")) {
            respond(exchange, 200, queue());
        } else if (path.startsWith("/v2/apps/") && method.equals("PUT")) {
            put(exchange, path.substring("/v2/apps".length()), body);
        } else if (path.startsWith("/v2/apps/") && method.equals("GET")) {
            getApp(exchange, path.substring("/v2/apps".length()));
        } else if (path.startsWith("/v2/apps/") && method.equals("DELETE")) {
            deleteApp(exchange, path.substring("/v2/apps".length()));
        } else {
            respond(exchange, 404, JSON.createObjectNode().put("message", "Not found: " + method + " " + path));
        }
    }

    private void put(HttpExchange exchange, String appId, JsonNode body) throws IOException {
        if (body == null || !body.isObject()) {
            respond(exchange, 400, error("Invalid JSON", "/", "error.expected.jsobject"));
            return;
        }
        ObjectNode invalid = validate(appId, (ObjectNode) body);
        if (invalid != null) {
            respond(exchange, 422, invalid);
            return;
        }
        boolean locked = deployments.values().stream().anyMatch(d -> d.appId().equals(appId));
        boolean force = "force=true".equals(exchange.getRequestURI().getQuery());
        if (locked && !force) {
            ObjectNode conflict = JSON.createObjectNode().put("message", "App is locked by one or more deployments. "
                    + "Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.");
            respond(exchange, 409, conflict);
            return;
        }
        deployments.values().removeIf(d -> d.appId().equals(appId));
        App app = apps.get(appId);
        boolean created = app == null;
        if (created) {
            app = new App();
            apps.put(appId, app);
        } else {
            app.previous = app.definition;
            app.previousVersion = app.version;
        }
        app.definition = ((ObjectNode) body).deepCopy();
        app.version = Instant.now().toString();
        app.queuedSince = Instant.now();
        app.offersProcessed = 0;
        app.declined.clear();
        Deployment deployment = new Deployment(UUID.randomUUID().toString(), app.version, appId,
                created ? "StartApplication" : "RestartApplication");
        deployments.put(deployment.id(), deployment);
        exchange.getResponseHeaders().add("Marathon-Deployment-Id", deployment.id());
        respond(exchange, created ? 201 : 200, JSON.createObjectNode().put("deploymentId", deployment.id()).put("version", app.version));
    }

    /** The checks of Marathon's AppDefinition validation that an app of the deploy service can run into. */
    private static ObjectNode validate(String appId, ObjectNode app) {
        List<String[]> problems = new ArrayList<>();
        if (!appId.equals(app.path("id").asText())) {
            problems.add(new String[]{"/id", "must equal the id in the path, " + appId});
        }
        if (!appId.matches("(/[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            problems.add(new String[]{"/id", "path contains invalid characters (allowed: lowercase letters, digits, hyphens, slash)"});
        }
        requireNumber(app, "cpus", 0.001, problems);
        requireNumber(app, "mem", 0, problems);
        requireNumber(app, "disk", 0, problems);
        if (!app.path("instances").isInt() || app.path("instances").asInt() < 0) {
            problems.add(new String[]{"/instances", "error.expected.int >= 0"});
        }
        JsonNode container = app.path("container");
        if (!container.path("type").asText().equals("DOCKER") && !container.path("type").asText().equals("MESOS")) {
            problems.add(new String[]{"/container/type", "must be DOCKER or MESOS"});
        }
        if (container.path("docker").path("image").asText("").isEmpty()) {
            problems.add(new String[]{"/container/docker/image", "error.minLength 1"});
        }
        if (container.path("docker").has("network") && app.has("networks")) {
            problems.add(new String[]{"/container/docker/network", "must be undefined when networks are defined"});
        }
        for (JsonNode mapping : container.path("portMappings")) {
            int port = mapping.path("containerPort").asInt(-1);
            if (!mapping.path("containerPort").isInt() || port < 0 || port > 65535) {
                problems.add(new String[]{"/container/portMappings/containerPort", "error.expected.port"});
            }
            if (mapping.has("protocol") && !Set.of("tcp", "udp", "udp,tcp").contains(mapping.path("protocol").asText())) {
                problems.add(new String[]{"/container/portMappings/protocol", "must be tcp, udp or udp,tcp"});
            }
        }
        for (JsonNode network : app.path("networks")) {
            if (!NETWORK_MODES.contains(network.path("mode").asText("container"))) {
                problems.add(new String[]{"/networks/mode", "must be one of " + NETWORK_MODES});
            }
        }
        app.path("env").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                problems.add(new String[]{"/env/" + e.getKey(), "error.expected.jsstring"});
            }
        });
        app.path("labels").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                problems.add(new String[]{"/labels/" + e.getKey(), "error.expected.jsstring"});
            }
        });
        for (JsonNode check : app.path("healthChecks")) {
            if (!HEALTH_PROTOCOLS.contains(check.path("protocol").asText("HTTP"))) {
                problems.add(new String[]{"/healthChecks/protocol", "must be one of " + HEALTH_PROTOCOLS});
            }
            if (check.has("path") && !check.path("path").asText().startsWith("/")) {
                problems.add(new String[]{"/healthChecks/path", "must start with /"});
            }
            if (check.has("portIndex") && check.path("portIndex").asInt(-1) >= Math.max(1, container.path("portMappings").size())) {
                problems.add(new String[]{"/healthChecks/portIndex", "must refer to a port mapping"});
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        ObjectNode error = JSON.createObjectNode().put("message", "Object is not valid");
        ArrayNode details = error.putArray("details");
        for (String[] problem : problems) {
            ObjectNode detail = details.addObject().put("path", problem[0]);
            detail.putArray("errors").add(problem[1]);
        }
        return error;
    }

    private static void requireNumber(ObjectNode app, String field, double minimum, List<String[]> problems) {
        if (app.has(field) && (!app.path(field).isNumber() || app.path(field).asDouble() < minimum)) {
            problems.add(new String[]{"/" + field, "error.expected.number >= " + minimum});
        }
    }

    private synchronized void offer() {
        for (Map.Entry<String, App> entry : apps.entrySet()) {
            App app = entry.getValue();
            finishUpgrade(entry.getKey(), app);
            if (app.queuedSince == null) {
                continue;
            }
            double cpus = app.definition.path("cpus").asDouble(1) * app.definition.path("instances").asInt(1);
            double mem = app.definition.path("mem").asDouble(128) * app.definition.path("instances").asInt(1);
            // With minimumHealthCapacity 1 the replaced version's tasks keep their resources while the new ones start;
            // below 1 (this double: 0) they give them back first.
            boolean keepsCapacity = keepsFullCapacity(app) && !app.tasks.isEmpty();
            double freeCpus = agentCpus - usedCpus(entry.getKey())
                    - (keepsCapacity ? app.tasks.size() * app.previousOr().path("cpus").asDouble(1) : 0);
            double freeMem = agentMem - usedMem(entry.getKey())
                    - (keepsCapacity ? app.tasks.size() * app.previousOr().path("mem").asDouble(128) : 0);
            app.offersProcessed++;
            if (cpus <= freeCpus + 1e-9 && mem <= freeMem) {
                launch(entry.getKey(), app);
            } else {
                app.declined.merge(cpus > freeCpus + 1e-9 ? "InsufficientCpus" : "InsufficientMemory", 1, Integer::sum);
            }
        }
    }

    private double usedCpus(String except) {
        return apps.entrySet().stream().filter(e -> !e.getKey().equals(except))
                .mapToDouble(e -> e.getValue().tasks.size() * e.getValue().definition.path("cpus").asDouble(1)).sum();
    }

    private double usedMem(String except) {
        return apps.entrySet().stream().filter(e -> !e.getKey().equals(except))
                .mapToDouble(e -> e.getValue().tasks.size() * e.getValue().definition.path("mem").asDouble(128)).sum();
    }

    private void launch(String appId, App app) {
        boolean upgrade = keepsFullCapacity(app) && !app.tasks.isEmpty();
        if (upgrade) {
            // Health-checked upgrade: the old version serves until the new one is healthy (finishUpgrade).
            app.replaced.addAll(app.tasks);
            app.tasks.clear();
        } else {
            stopTasks(app);
        }
        String image = app.definition.path("container").path("docker").path("image").asText();
        String healthPath = app.definition.path("healthChecks").path(0).path("path").asText(null);
        try {
            for (int i = 0; i < app.definition.path("instances").asInt(1); i++) {
                app.tasks.add(new Task(appId, app.version, image, healthPath, !unhealthyImages.contains(image)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the double could not start a task server", e);
        }
        app.queuedSince = null;
        if (!upgrade) {
            deployments.values().removeIf(d -> d.appId().equals(appId));
        }
    }

    /** An upgrade whose new tasks are all healthy stops the replaced ones, and its deployment is done. */
    private void finishUpgrade(String appId, App app) {
        if (app.replaced.isEmpty() || app.queuedSince != null || app.tasks.isEmpty()
                || !app.tasks.stream().allMatch(task -> task.healthy)) {
            return;
        }
        app.replaced.forEach(task -> task.http.stop(0));
        app.replaced.clear();
        deployments.values().removeIf(d -> d.appId().equals(appId));
    }

    /** Marathon's upgradeStrategy: minimumHealthCapacity 1 (its default) keeps every old task until new ones are healthy. */
    private static boolean keepsFullCapacity(App app) {
        JsonNode strategy = app.definition.path("upgradeStrategy");
        return strategy.path("minimumHealthCapacity").asDouble(0) >= 1 && strategy.path("maximumOverCapacity").asDouble(0) >= 1;
    }

    private static void stopTasks(App app) {
        app.tasks.forEach(task -> task.http.stop(0));
        app.tasks.clear();
        app.replaced.forEach(task -> task.http.stop(0));
        app.replaced.clear();
    }

    private ArrayNode deploymentList() {
        ArrayNode list = JSON.createArrayNode();
        for (Deployment deployment : deployments.values()) {
            ObjectNode item = list.addObject();
            item.put("id", deployment.id());
            item.put("version", deployment.version());
            item.putArray("affectedApps").add(deployment.appId());
            item.putArray("affectedPods");
            ObjectNode action = JSON.createObjectNode().put("action", deployment.action()).put("app", deployment.appId());
            item.putArray("steps").addObject().putArray("actions").add(action);
            item.putArray("currentActions").add(action.deepCopy().set("readinessCheckResults", JSON.createArrayNode()));
            item.put("currentStep", 1);
            item.put("totalSteps", 1);
        }
        return list;
    }

    private ObjectNode queue() {
        ObjectNode queue = JSON.createObjectNode();
        ArrayNode items = queue.putArray("queue");
        for (Map.Entry<String, App> entry : apps.entrySet()) {
            App app = entry.getValue();
            if (app.queuedSince == null) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode definition = app.definition.deepCopy();
            definition.put("version", app.version);
            item.set("app", definition);
            item.put("count", app.definition.path("instances").asInt(1));
            item.putObject("delay").put("timeLeftSeconds", 0).put("overdue", true);
            item.put("since", app.queuedSince.toString());
            int declinedTotal = app.declined.values().stream().mapToInt(Integer::intValue).sum();
            ObjectNode summary = item.putObject("processedOffersSummary");
            summary.put("processedOffersCount", app.offersProcessed);
            summary.put("unusedOffersCount", declinedTotal);
            if (declinedTotal > 0) {
                summary.put("lastUnusedOfferAt", Instant.now().toString());
            }
            ArrayNode steps = summary.putArray("rejectSummaryLastOffers");
            int reaching = declinedTotal;
            for (String reason : OFFER_STEPS) {
                int declined = app.declined.getOrDefault(reason, 0);
                steps.addObject().put("reason", reason).put("declined", declined).put("processed", reaching);
                reaching -= declined;
            }
            summary.set("rejectSummaryLaunchAttempt", steps.deepCopy());
            item.putArray("lastUnusedOffers");
        }
        return queue;
    }

    private void getApp(HttpExchange exchange, String appId) throws IOException {
        App app = apps.get(appId);
        if (app == null) {
            respond(exchange, 404, JSON.createObjectNode().put("message", "App '" + appId + "' does not exist"));
            return;
        }
        ObjectNode info = app.definition.deepCopy();
        info.put("version", app.version);
        List<Task> all = new ArrayList<>(app.replaced);
        all.addAll(app.tasks);
        long healthyCount = all.stream().filter(task -> task.healthy).count();
        info.put("tasksStaged", 0);
        info.put("tasksRunning", all.size());
        info.put("tasksHealthy", healthyCount);
        info.put("tasksUnhealthy", all.size() - healthyCount);
        ArrayNode ids = info.putArray("deployments");
        deployments.values().stream().filter(d -> d.appId().equals(appId)).forEach(d -> ids.addObject().put("id", d.id()));
        ArrayNode tasks = info.putArray("tasks");
        for (Task task : all) {
            ObjectNode item = tasks.addObject();
            item.put("id", task.id);
            item.put("appId", appId);
            item.put("host", "127.0.0.1");
            item.putArray("ports").add(task.port());
            item.putArray("servicePorts").add(10000);
            item.put("slaveId", "double-agent-S0");
            item.put("state", "TASK_RUNNING");
            item.put("stagedAt", task.started.toString());
            item.put("startedAt", task.started.toString());
            item.put("version", task.version);
            ObjectNode result = item.putArray("healthCheckResults").addObject()
                    .put("alive", task.healthy).put("consecutiveFailures", task.healthy ? 0 : 3).put("instanceId", task.id);
            if (task.healthy) {
                result.put("firstSuccess", task.started.toString()).put("lastSuccess", Instant.now().toString());
            } else {
                result.put("lastFailure", Instant.now().toString()).put("lastFailureCause", "503 Service Unavailable");
            }
        }
        respond(exchange, 200, JSON.createObjectNode().set("app", info));
    }

    /**
     * {@code DELETE /v2/deployments/{id}}: without {@code force=true} Marathon cancels the deployment and starts a
     * rollback deployment to the version before (its id is answered); with it, the deployment is only forgotten.
     */
    private void cancel(HttpExchange exchange, String deploymentId) throws IOException {
        Deployment deployment = deployments.remove(deploymentId);
        if (deployment == null) {
            respond(exchange, 404, JSON.createObjectNode().put("message", "DeploymentPlan " + deploymentId + " does not exist"));
            return;
        }
        boolean force = "force=true".equals(exchange.getRequestURI().getQuery());
        App app = apps.get(deployment.appId());
        if (force) {
            respond(exchange, 202, JSON.createObjectNode());
            return;
        }
        if (app.previous == null) {
            stopTasks(app);
            apps.remove(deployment.appId());
        } else {
            // The rollback: the new version's tasks go, the replaced ones (never stopped) are the app again.
            // (Still queued, the new version has no tasks yet: the old ones simply keep running.)
            if (!app.replaced.isEmpty()) {
                app.tasks.forEach(task -> task.http.stop(0));
                app.tasks.clear();
                app.tasks.addAll(app.replaced);
                app.replaced.clear();
            }
            app.definition = app.previous;
            app.version = app.previousVersion != null ? app.previousVersion : app.version;
            app.previous = null;
            app.queuedSince = null;
        }
        respond(exchange, 200, JSON.createObjectNode().put("deploymentId", UUID.randomUUID().toString())
                .put("version", Instant.now().toString()));
    }

    private void deleteApp(HttpExchange exchange, String appId) throws IOException {
        App app = apps.remove(appId);
        if (app == null) {
            respond(exchange, 404, JSON.createObjectNode().put("message", "App '" + appId + "' does not exist"));
            return;
        }
        stopTasks(app);
        deployments.values().removeIf(d -> d.appId().equals(appId));
        respond(exchange, 200, JSON.createObjectNode().put("deploymentId", UUID.randomUUID().toString())
                .put("version", Instant.now().toString()));
    }

    private static ObjectNode error(String message, String path, String problem) {
        ObjectNode error = JSON.createObjectNode().put("message", message);
        ObjectNode detail = error.putArray("details").addObject().put("path", path);
        detail.putArray("errors").add(problem);
        return error;
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public synchronized void close() {
        offers.shutdownNow();
        apps.values().forEach(MarathonDouble::stopTasks);
        server.stop(0);
    }
}
