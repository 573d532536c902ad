package dev.slipway.image.docker;

import com.github.dockerjava.api.model.HostConfig;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code slipway.image.limits.*}: what a repository's code may use of the machine while it is
 * built and tested. The code is the repository's, so it is untrusted: a build step or a test
 * command that forks without end or eats all memory must hit its own ceiling, not the services'.
 * The limits come from this configuration only; nothing in a descriptor or a Dockerfile can
 * raise them. The defaults are in {@code application.yml}.
 *
 * @param memory the memory of each build step and test container, in the docker CLI's units
 *               ({@code 512m}, {@code 2g}, or bytes); swap is not added on top
 * @param cpus   how many CPUs' worth of time each may use (fractions allowed)
 * @param pids   the most processes (and threads) of a test container; the engine's legacy
 *               builder has no such limit for build steps
 */
@ConfigurationProperties("slipway.image.limits")
public record ContainerLimits(String memory, double cpus, long pids) {
    /** The scheduler period the CPU quota is a share of (the engine's default, 100 ms). */
    static final long CPU_PERIOD_MICROS = 100_000;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([bkmg]?)b?");

    public ContainerLimits {
        memoryBytes(memory);
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("slipway.image.limits.cpus must be more than 0, was " + cpus);
        }
        if (pids < 1) {
            throw new IllegalArgumentException("slipway.image.limits.pids must be at least 1, was " + pids);
        }
    }

    public long memoryBytes() {
        return memoryBytes(memory);
    }

    /** The CPU quota per {@link #CPU_PERIOD_MICROS}: {@code cpus: 0.5} is 50 ms of each 100 ms. */
    public long cpuQuotaMicros() {
        return Math.max(1000, Math.round(cpus * CPU_PERIOD_MICROS));
    }

    /**
     * A test container's host configuration: the limits, the default bridge network, not
     * privileged, and no mounts of the host (so no Docker socket). Everything is set here,
     * explicitly, so that no image or engine default decides it.
     */
    public HostConfig hostConfig() {
        return HostConfig.newHostConfig()
                .withMemory(memoryBytes())
                .withMemorySwap(memoryBytes())
                .withNanoCPUs(Math.round(cpus * 1_000_000_000L))
                .withPidsLimit(pids)
                .withNetworkMode("bridge")
                .withPrivileged(false)
                .withPublishAllPorts(false);
    }

    private static long memoryBytes(String memory) {
        Matcher matcher = memory == null ? null : SIZE.matcher(memory.strip().toLowerCase(Locale.ROOT));
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("slipway.image.limits.memory must be a size such as 512m or 2g, was '" + memory + "'");
        }
        long value = Long.parseLong(matcher.group(1));
        long bytes = switch (matcher.group(2)) {
            case "k" -> value << 10;
            case "m" -> value << 20;
            case "g" -> value << 30;
            default -> value;
        };
        // The engine refuses less than 6 MiB; say so here, where the setting is named.
        if (bytes < 6L << 20) {
            throw new IllegalArgumentException("slipway.image.limits.memory must be at least 6m, was '" + memory + "'");
        }
        return bytes;
    }
}
