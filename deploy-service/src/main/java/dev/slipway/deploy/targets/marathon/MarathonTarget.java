package dev.slipway.deploy.targets.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.targets.AppName;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.targets.DeployTarget;
import dev.slipway.deploy.targets.Progress;
import dev.slipway.deploy.targets.Rollout;
import dev.slipway.deploy.targets.TargetConfiguration;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys to Marathon through its v2 REST API: {@code PUT /v2/apps/{id}}, then follows the
 * deployment in {@code GET /v2/deployments}. Marathon never times a deployment out: an app that
 * no offer fits sits in {@code GET /v2/queue}, whose {@code processedOffersSummary} says why
 * offers were declined (InsufficientCpus, InsufficientMemory, ...); that is reported as waiting.
 */
public final class MarathonTarget implements DeployTarget {
    private static final Logger LOG = LoggerFactory.getLogger(MarathonTarget.class);
    /** How long Marathon may take, after the new version answers Slipway's probe, to pass its own checks and stop the old tasks. */
    private static final java.time.Duration PROMOTE_TIMEOUT = java.time.Duration.ofMinutes(3);

    private final TargetConfiguration configuration;
    private final MarathonClient client;
    private final UrlTemplate urlTemplate;
    private final String group;

    public MarathonTarget(TargetConfiguration configuration) {
        this.configuration = configuration;
        if (configuration.url() == null || configuration.url().isBlank()) {
            throw new IllegalArgumentException("target " + configuration.name() + ": a marathon target needs a url");
        }
        URI base = baseUrl(configuration.url());
        this.client = new MarathonClient(base,
                MarathonClient.authorization(configuration.username(), configuration.password(), configuration.token()),
                configuration.requestTimeout());
        this.urlTemplate = new UrlTemplate(configuration.urlTemplate());
        this.group = configuration.appGroup().replaceAll("^/+|/+$", "");
    }

    /**
     * Marathon's base URL, checked without ever repeating it: a URL with credentials in it must not
     * reach a log line or an error message, not even when it is malformed.
     */
    static URI baseUrl(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + e.getReason() + " at character " + e.getIndex());
        }
        if (url.getRawAuthority() != null && url.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException("put Marathon credentials into username/password or token, not into the url");
        }
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("url must be an http(s) URL with a host, such as http://marathon.example.org:8080");
        }
        return url;
    }

    @Override
    public String name() {
        return configuration.name();
    }

    @Override
    public String type() {
        return TargetType.MARATHON.json();
    }

    /** {@code /<group>/<plan>/<environment>}, or {@code .../<environment>-<build>} for a per-build app. */
    String appId(AppName app) {
        String leaf = app.environment().value() + (app.build() == null ? "" : "-" + app.build().value());
        return (group.isEmpty() ? "" : "/" + group) + "/" + app.plan().value() + "/" + leaf;
    }

    @Override
    public Rollout start(AppSpec app) throws TargetException {
        String appId = appId(app.name());
        MarathonClient.DeploymentResult deployment = client.putApp(appId, MarathonAppDefinition.of(appId, app));
        LOG.info("Marathon deployment {} started for {} as {}", deployment.deploymentId(), app.build(), appId);
        return new MarathonRollout(app, appId, deployment);
    }

    @Override
    public void remove(AppName app) throws TargetException {
        client.deleteApp(appId(app));
    }

    private final class MarathonRollout implements Rollout {
        private final AppSpec app;
        private final String appId;
        private final MarathonClient.DeploymentResult deployment;

        MarathonRollout(AppSpec app, String appId, MarathonClient.DeploymentResult deployment) {
            this.app = app;
            this.appId = appId;
            this.deployment = deployment;
        }

        @Override
        public String appId() {
            return appId;
        }

        @Override
        public Progress poll() throws TargetException {
            Optional<JsonNode> running = find(client.deployments(), deployment.deploymentId());
            if (running.isPresent()) {
                Optional<JsonNode> queued = queued();
                if (queued.isPresent()) {
                    Optional<Progress.Waiting> declined = declineReasons(queued.get());
                    if (declined.isPresent()) {
                        return declined.get();
                    }
                    return new Progress.Starting("queued for " + queued.get().path("count").asInt() + " instance(s), waiting for offers");
                }
                if (app.name().build() == null) {
                    // A health-checked upgrade: the new version's task runs beside the old ones and is probed directly;
                    // Marathon stops the old ones once its own health checks pass (see promote).
                    Optional<JsonNode> started = client.app(appId).flatMap(this::newTask);
                    if (started.isPresent()) {
                        return new Progress.Placed(url(started.get()));
                    }
                }
                return new Progress.Starting(describe(running.get()));
            }
            Optional<JsonNode> current = client.app(appId);
            if (current.isEmpty()) {
                return new Progress.Failed("app " + appId + " is gone from Marathon; its deployment was cancelled or it was removed");
            }
            JsonNode info = current.get();
            int instances = app.descriptor().resources().instances();
            List<JsonNode> healthy = healthyTasks(info);
            if (healthy.size() >= instances) {
                return new Progress.Placed(url(healthy.get(0)));
            }
            String lastFailure = info.path("lastTaskFailure").path("message").asText("");
            return new Progress.Failed("Marathon finished deployment " + deployment.deploymentId() + " but only "
                    + healthy.size() + " of " + instances + " task(s) of " + appId + " are running and healthy"
                    + (lastFailure.isBlank() ? "" : "; last task failure: " + lastFailure));
        }

        @Override
        public void abandon() throws TargetException {
            client.cancelDeployment(deployment.deploymentId());
        }

        /** The new version passed Slipway's probe: Marathon's own health checks finish the upgrade and stop the old tasks. */
        @Override
        public URI promote(URI placed) throws TargetException {
            Instant deadline = Instant.now().plus(PROMOTE_TIMEOUT);
            while (find(client.deployments(), deployment.deploymentId()).isPresent()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TargetException("the new version of " + appId + " answers its health check, but Marathon's deployment "
                            + deployment.deploymentId() + " has not finished within " + PROMOTE_TIMEOUT.toSeconds()
                            + " s: Marathon's own health checks have not passed");
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TargetException("interrupted while Marathon finished deployment " + deployment.deploymentId(), e);
                }
            }
            Optional<JsonNode> current = client.app(appId);
            List<JsonNode> healthy = current.map(this::healthyTasks).orElse(List.of());
            return healthy.isEmpty() ? placed : url(healthy.get(0));
        }

        /**
         * The new version never became healthy: its deployment is deleted, which makes Marathon start a rollback
         * deployment to the version before; the old tasks never stopped (minimumHealthCapacity 1).
         */
        @Override
        public RolledBack rollBack() throws TargetException {
            client.cancelDeployment(deployment.deploymentId());
            Optional<JsonNode> current = client.app(appId);
            if (current.isEmpty()) {
                return new RolledBack(null, "");
            }
            for (JsonNode task : current.get().path("tasks")) {
                boolean older = !deployment.version().isEmpty() && !deployment.version().equals(task.path("version").asText());
                boolean alive = true;
                for (JsonNode result : task.path("healthCheckResults")) {
                    alive &= result.path("alive").asBoolean(false);
                }
                if (older && alive && "TASK_RUNNING".equals(task.path("state").asText("TASK_RUNNING"))) {
                    return new RolledBack(url(task), "");
                }
            }
            String lastFailure = current.get().path("lastTaskFailure").path("message").asText("");
            return new RolledBack(null, lastFailure.isBlank() ? "" : "; last task failure: " + lastFailure);
        }

        /** A running task of this deployment's version. */
        private Optional<JsonNode> newTask(JsonNode info) {
            for (JsonNode task : info.path("tasks")) {
                if (!deployment.version().isEmpty() && deployment.version().equals(task.path("version").asText())
                        && "TASK_RUNNING".equals(task.path("state").asText())) {
                    return Optional.of(task);
                }
            }
            return Optional.empty();
        }

        private Optional<JsonNode> queued() throws TargetException {
            for (JsonNode item : client.queue().path("queue")) {
                if (appId.equals(item.path("app").path("id").asText())) {
                    return Optional.of(item);
                }
            }
            return Optional.empty();
        }

        /** Tasks of this deployment's version that run and pass every health check Marathon ran. */
        private List<JsonNode> healthyTasks(JsonNode info) {
            List<JsonNode> healthy = new ArrayList<>();
            for (JsonNode task : info.path("tasks")) {
                boolean ours = deployment.version().isEmpty() || deployment.version().equals(task.path("version").asText(deployment.version()));
                boolean runningTask = "TASK_RUNNING".equals(task.path("state").asText("TASK_RUNNING"));
                JsonNode results = task.path("healthCheckResults");
                boolean alive = results.isArray() && !results.isEmpty();
                for (JsonNode result : results) {
                    alive &= result.path("alive").asBoolean(false);
                }
                if (ours && runningTask && alive) {
                    healthy.add(task);
                }
            }
            return healthy;
        }

        private URI url(JsonNode task) {
            Map<String, String> values = new HashMap<>();
            values.put("host", task.path("host").asText(""));
            values.put("port", task.path("ports").path(0).asText(""));
            values.put("servicePort", task.path("servicePorts").path(0).asText(""));
            values.put("appId", appId.substring(1));
            values.put("appName", app.name().slug());
            values.put("plan", app.build().plan().value());
            values.put("environment", app.name().environment().value());
            values.put("build", Long.toString(app.build().number().value()));
            return urlTemplate.expand(values);
        }
    }

    private static Optional<JsonNode> find(JsonNode deployments, String id) {
        for (JsonNode deployment : deployments) {
            if (id.equals(deployment.path("id").asText())) {
                return Optional.of(deployment);
            }
        }
        return Optional.empty();
    }

    /**
     * Marathon's own words for why no offer fits, from {@code processedOffersSummary}:
     * {@code InsufficientCpus (declined 3 of 3 offers), InsufficientMemory (declined 1 of 3 offers)}. The counts grow
     * with every offer, so the cause is the reasons alone ({@code InsufficientCpus, InsufficientMemory}).
     */
    static Optional<Progress.Waiting> declineReasons(JsonNode queued) {
        JsonNode summary = queued.path("processedOffersSummary");
        JsonNode steps = summary.path("rejectSummaryLastOffers");
        if (!steps.isArray() || steps.isEmpty()) {
            steps = summary.path("rejectSummaryLaunchAttempt");
        }
        List<String> reasons = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        for (JsonNode step : steps) {
            int declined = step.path("declined").asInt(0);
            if (declined > 0) {
                String cause = step.path("reason").asText("unknown");
                causes.add(cause);
                reasons.add(cause + " (declined " + declined + " of " + step.path("processed").asInt(declined) + " offers)");
            }
        }
        return reasons.isEmpty() ? Optional.empty()
                : Optional.of(new Progress.Waiting(String.join(", ", reasons), String.join(", ", causes)));
    }

    private static String describe(JsonNode deployment) {
        List<String> actions = new ArrayList<>();
        for (JsonNode action : deployment.path("currentActions")) {
            actions.add(action.path("action").asText("?"));
        }
        return "deployment step " + deployment.path("currentStep").asInt() + "/" + deployment.path("totalSteps").asInt()
                + (actions.isEmpty() ? "" : ": " + String.join(", ", actions));
    }
}
