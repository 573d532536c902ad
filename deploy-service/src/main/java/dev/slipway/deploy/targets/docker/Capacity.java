package dev.slipway.deploy.targets.docker;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CPUs and memory: what an engine has, what its deployments reserved, what an app needs. */
public record Capacity(double cpus, long memoryMb) {
    public static final Capacity NONE = new Capacity(0, 0);

    public Capacity plus(Capacity other) {
        return new Capacity(round(cpus + other.cpus), memoryMb + other.memoryMb);
    }

    public Capacity minus(Capacity other) {
        return new Capacity(round(Math.max(0, cpus - other.cpus)), Math.max(0, memoryMb - other.memoryMb));
    }

    /**
     * Why {@code needed} does not fit into this free capacity, worded as the cluster would say
     * it ({@code insufficient cpus: needs 1.5, 0.5 free}); empty when it fits.
     */
    public Optional<String> shortfall(Capacity needed) {
        List<String> reasons = new ArrayList<>();
        if (needed.cpus > cpus + 1e-9) {
            reasons.add("insufficient cpus: needs " + number(needed.cpus) + ", " + number(cpus) + " free");
        }
        if (needed.memoryMb > memoryMb) {
            reasons.add("insufficient memory: needs " + needed.memoryMb + " MiB, " + memoryMb + " MiB free");
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    /** 1.5 as "1.5", 1.0 as "1": as a person writes CPUs. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Sums of fractions such as 0.1 + 0.2 must not report 0.30000000000000004 CPUs. */
    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
