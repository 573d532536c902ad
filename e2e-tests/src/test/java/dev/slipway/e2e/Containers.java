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
}
