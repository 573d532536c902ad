package dev.slipway.deploy.targets.marathon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;

/**
 * The app definition Marathon 1.5+ takes: a Docker container pinned by digest on the
 * {@code container/bridge} network, its port in {@code container.portMappings} (host port
 * assigned from the offer), resources from the descriptor, an HTTP health check on it, and an
 * upgrade strategy that keeps full capacity.
 */
final class MarathonAppDefinition {
    static final int HEALTH_GRACE_SECONDS = 300;
    static final int HEALTH_INTERVAL_SECONDS = 10;
    static final int HEALTH_TIMEOUT_SECONDS = 5;
    static final int HEALTH_MAX_FAILURES = 3;

    private MarathonAppDefinition() {
    }

    static ObjectNode of(String appId, AppSpec app) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        BuildDescriptor descriptor = app.descriptor();
        Resources resources = descriptor.resources();

        ObjectNode definition = json.objectNode();
        definition.put("id", appId);
        definition.put("instances", resources.instances());
        definition.put("cpus", resources.cpus());
        definition.put("mem", resources.memoryMb());
        definition.put("disk", resources.diskMb());

        ObjectNode container = definition.putObject("container");
        container.put("type", "DOCKER");
        ObjectNode docker = container.putObject("docker");
        docker.put("image", app.image().byDigest());
        docker.put("forcePullImage", false);
        ObjectNode mapping = container.putArray("portMappings").addObject();
        mapping.put("containerPort", descriptor.port());
        mapping.put("hostPort", 0);
        mapping.put("protocol", "tcp");
        mapping.put("name", "http");

        definition.putArray("networks").addObject().put("mode", "container/bridge");

        ObjectNode env = definition.putObject("env");
        descriptor.environment().forEach(env::put);

        ArrayNode healthChecks = definition.putArray("healthChecks");
        ObjectNode health = healthChecks.addObject();
        health.put("protocol", "HTTP");
        health.put("path", descriptor.healthCheckPath());
        health.put("portIndex", 0);
        health.put("gracePeriodSeconds", HEALTH_GRACE_SECONDS);
        health.put("intervalSeconds", HEALTH_INTERVAL_SECONDS);
        health.put("timeoutSeconds", HEALTH_TIMEOUT_SECONDS);
        health.put("maxConsecutiveFailures", HEALTH_MAX_FAILURES);

        // A health-checked upgrade that keeps full capacity: every old task runs until as many new ones are healthy
        // (one extra instance at a time), so a stable environment never serves from fewer tasks, nor from unhealthy ones.
        ObjectNode strategy = definition.putObject("upgradeStrategy");
        strategy.put("minimumHealthCapacity", 1);
        strategy.put("maximumOverCapacity", 1);

        ObjectNode labels = definition.putObject("labels");
        app.labels().forEach(labels::put);
        return definition;
    }
}
