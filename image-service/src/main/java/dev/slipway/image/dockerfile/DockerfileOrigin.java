package dev.slipway.image.dockerfile;

/** Where a build's Dockerfile came from: the repository, or a runtime template. */
public enum DockerfileOrigin {
    REPOSITORY, GENERATED
}
