package dev.slipway.events.descriptor;

/**
 * What one instance of a build asks of the cluster. Marathon takes these as {@code cpus},
 * {@code mem} and {@code disk} (MiB); Swarm and the Docker engine as reservations and limits.
 */
public record Resources(double cpus, long memoryMb, long diskMb, int instances) {
    public static final Resources DEFAULT = new Resources(0.25, 128, 0, 1);

    public Resources {
        if (!(cpus > 0) || cpus > 1024) {
            throw new IllegalArgumentException("resources.cpus must be more than 0 and at most 1024, was " + cpus);
        }
        if (memoryMb < 4 || memoryMb > 4L * 1024 * 1024) {
            throw new IllegalArgumentException("resources.memory must be between 4 MiB and 4 TiB, was " + memoryMb + " MiB");
        }
        if (diskMb < 0) {
            throw new IllegalArgumentException("resources.disk must not be negative, was " + diskMb + " MiB");
        }
        if (instances < 1 || instances > 1000) {
            throw new IllegalArgumentException("resources.instances must be between 1 and 1000, was " + instances);
        }
    }
}
