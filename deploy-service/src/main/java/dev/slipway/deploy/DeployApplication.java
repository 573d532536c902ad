package dev.slipway.deploy;

import io.micronaut.runtime.Micronaut;

/** Deploys built images to Marathon, Docker Swarm or a Docker engine and reports their URL. */
public final class DeployApplication {
    private DeployApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(DeployApplication.class, args);
    }
}
