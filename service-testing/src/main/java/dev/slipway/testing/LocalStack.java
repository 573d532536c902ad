package dev.slipway.testing;

/**
 * Where the tests find the real parts that {@code bin/stack up} starts. Everything comes from the
 * environment, with the stack's defaults, so tests can run against another stack unchanged.
 */
public final class LocalStack {
    private LocalStack() {
    }

    /**
     * The tests' own broker: 127.0.0.1:9094 unless {@code KAFKA_BOOTSTRAP_SERVERS} names another (bin/test sets it
     * from {@code SLIPWAY_TEST_KAFKA}). Never bin/slipway's 127.0.0.1:9092 by default, so that tests run by hand
     * ({@code ./mvnw verify}) do not send their events to a Slipway a person is running.
     */
    public static String kafkaBootstrapServers() {
        return env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9094");
    }

    /** host:port of the private registry. */
    public static String registry() {
        return env("SLIPWAY_REGISTRY", "127.0.0.1:5000");
    }

    public static String dockerHost() {
        return env("DOCKER_HOST", "unix:///var/run/docker.sock");
    }

    /** A tiny local base image (a static busybox): {@code bin/stack up} imports it. */
    public static String busyboxImage() {
        return env("SLIPWAY_BUSYBOX_IMAGE", "slipway/busybox:latest");
    }

    /** A Debian bookworm base made with debootstrap: {@code bin/stack up} imports it. */
    public static String debianImage() {
        return env("SLIPWAY_DEBIAN_IMAGE", "slipway/debian:bookworm");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
