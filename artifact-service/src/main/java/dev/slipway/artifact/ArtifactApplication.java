package dev.slipway.artifact;

import io.micronaut.runtime.Micronaut;

/** Fetches each received commit, reads its descriptor and stores a numbered, reproducible source archive. */
public final class ArtifactApplication {
    private ArtifactApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ArtifactApplication.class, args);
    }
}
