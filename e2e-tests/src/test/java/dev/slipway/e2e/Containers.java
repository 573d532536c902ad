package dev.slipway.e2e;

import java.io.IOException;
import java.util.List;

/** Cleans up what the deployments of a test run left on the engine. */
final class Containers {
    private Containers() {
    }

    /** Removes the containers the Docker engine target made for these plans ({@code slipway-<plan>-...}). */
    static void removeNamedAfter(String... plans) throws IOException, InterruptedException {
        for (String plan : plans) {
            Process list = new ProcessBuilder("docker", "ps", "-aq", "--filter", "name=slipway-" + plan).start();
            List<String> ids = new String(list.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
            list.waitFor();
            if (!ids.isEmpty()) {
                List<String> remove = new java.util.ArrayList<>(List.of("docker", "rm", "-f"));
                remove.addAll(ids);
                new ProcessBuilder(remove).redirectErrorStream(true).start().waitFor();
            }
        }
    }

    /**
     * Removes the stable URLs (bin/stack's haproxy files, {@code slipway-<plan>-<environment>.cfg}) of these plans'
     * apps, which went with their containers; haproxy drops their frontends at its next reload.
     */
    static void forgetStableUrls(String... plans) throws IOException {
        String home = System.getenv().getOrDefault("SLIPWAY_STACK_HOME", "/var/lib/slipway-stack");
        java.nio.file.Path dir = java.nio.file.Path.of(home, "haproxy", "conf.d");
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path file : files.toList()) {
                String name = file.getFileName().toString();
                for (String plan : plans) {
                    if (name.startsWith("slipway-" + plan + "-") && name.endsWith(".cfg")) {
                        java.nio.file.Files.deleteIfExists(file);
                    }
                }
            }
        }
    }
}
