package dev.slipway.image;

import io.micronaut.runtime.Micronaut;

/** Builds, tests and pushes a Docker image for each stored artifact. */
public final class ImageApplication {
    private ImageApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ImageApplication.class, args);
    }
}
