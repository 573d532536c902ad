package dev.slipway.deploy.targets;

import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name one deployed app goes by: one per plan and stable environment, or one per build in a
 * per-build environment. Targets turn it into their own ids (container, service, Marathon path).
 *
 * @param build null for a stable environment, whose app is updated in place
 */
public record AppName(PlanName plan, EnvironmentName environment, BuildNumber build) {
    /** Swarm service names and DNS labels stop at 63 characters. */
    public static final int MAX_SLUG_LENGTH = 63;
    private static final String PREFIX = "slipway-";

    public AppName {
        if (plan == null || environment == null) {
            throw new IllegalArgumentException("an app name needs a plan and an environment");
        }
    }

    public static AppName stable(PlanName plan, EnvironmentName environment) {
        return new AppName(plan, environment, null);
    }

    public static AppName perBuild(PlanName plan, EnvironmentName environment, BuildNumber build) {
        return new AppName(plan, environment, build);
    }

    /**
     * {@code slipway-<plan>-<environment>[-<build>]}, a valid container and service name. A name
     * that would be too long keeps its start and gets a hash of the whole, so that two long
     * names never collide.
     */
    public String slug() {
        String full = PREFIX + plan.value() + "-" + environment.value() + (build == null ? "" : "-" + build.value());
        if (full.length() <= MAX_SLUG_LENGTH) {
            return full;
        }
        String hash = sha256(full).substring(0, 10);
        String head = full.substring(0, MAX_SLUG_LENGTH - hash.length() - 1).replaceAll("-+$", "");
        return head + "-" + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return slug();
    }
}
