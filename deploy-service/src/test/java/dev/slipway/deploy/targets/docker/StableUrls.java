package dev.slipway.deploy.targets.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.targets.TargetConfiguration;
import dev.slipway.deploy.testing.WebImages;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The stable URLs tests' apps left in bin/stack's haproxy folder: removed with their containers, so that
 * the proxy's files only name apps that exist (haproxy drops their frontends at its next reload).
 */
public final class StableUrls {
    private StableUrls() {
    }

    /**
     * Removes the proxy files of apps named {@code slipway-<prefix>...} (a test class's unique plans), whose containers or
     * services were removed without them (by the test, as an operator would): call after the cleanup removed the apps.
     */
    public static void forgetPlans(String... planPrefixes) {
        var dir = TargetConfiguration.localDockerEngine().proxyConfigPath();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (var file : files.toList()) {
                String name = file.getFileName().toString();
                for (String prefix : planPrefixes) {
                    if (name.startsWith("slipway-" + prefix + "-") && name.endsWith(".cfg")) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException ignored) {
            // A cleanup: what is left holds a port of the range until the next run removes it.
        }
    }

    /** Removes the proxy files of the Swarm services a test left (call before removing those). */
    public static void forgetServices(DockerClient docker) {
        var dir = TargetConfiguration.localDockerEngine().proxyConfigPath();
        for (var service : docker.listServicesCmd()
                .withLabelFilter(Map.of(AppSpec.MANAGED_BY_LABEL, AppSpec.MANAGED_BY, WebImages.TEST_LABEL, "true")).exec()) {
            String name = service.getSpec() == null ? null : service.getSpec().getName();
            if (name != null && name.matches("[a-z0-9-]+")) {
                try {
                    Files.deleteIfExists(dir.resolve(name + ".cfg"));
                } catch (IOException ignored) {
                    // As above.
                }
            }
        }
    }

    /** Removes the proxy files of the stable apps whose containers a test left (call before removing those). */
    public static void forget(DockerClient docker) {
        var dir = TargetConfiguration.localDockerEngine().proxyConfigPath();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(AppSpec.MANAGED_BY_LABEL, AppSpec.MANAGED_BY, WebImages.TEST_LABEL, "true")).exec()) {
            String app = container.getLabels() == null ? null : container.getLabels().get(DockerEngineTarget.APP_LABEL);
            if (app != null && app.matches("[a-z0-9-]+")) {
                try {
                    Files.deleteIfExists(dir.resolve(app + ".cfg"));
                } catch (IOException ignored) {
                    // A cleanup: haproxy keeps serving it until the next reload, which is harmless.
                }
            }
        }
    }
}
