package dev.slipway.image.verify;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository's build steps and test command are its own code, run on Slipway's engine: they get
 * the memory, CPU and process limits of {@code slipway.image.limits}, the default bridge network,
 * no privileges and no Docker socket, whatever the repository asks for. Each looks at its own
 * cgroup and surroundings and prints what it finds into the build log, where this test reads it.
 */
class ContainerLimitsTest {
    /** Prints what a process in this container can use and reach; cgroup v2 names first, v1 where the host has only those. */
    private static final String LOOK_AROUND = String.join("\n",
            "#!/bin/sh",
            "where=$1",
            "if [ -f /sys/fs/cgroup/memory.max ]; then",
            "  memory=$(cat /sys/fs/cgroup/memory.max); pids=$(cat /sys/fs/cgroup/pids.max); cpu=$(cat /sys/fs/cgroup/cpu.max)",
            "else",
            "  memory=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes); pids=$(cat /sys/fs/cgroup/pids/pids.max)",
            "  cpu=\"$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)\"",
            "fi",
            "echo \"$where memory=$memory\"",
            "echo \"$where pids=$pids\"",
            "echo \"$where cpu=$cpu\"",
            "if [ -e /var/run/docker.sock ] || [ -e /run/docker.sock ]; then echo \"$where socket=present\"; else echo \"$where socket=absent\"; fi",
            "echo \"$where interfaces=$(ls /sys/class/net | tr '\\n' ' ')\"",
            "echo \"$where capabilities=$(grep CapEff /proc/self/status | tr -d '\\t' | cut -d: -f2)\"",
            "");
    private static final long CAP_SYS_ADMIN = 1L << 21;

    @Test
    void buildStepsAndTestCommandsRunUnderTheConfiguredLimitsWithoutTheSocketWhateverTheRepositoryAsks(@TempDir Path data)
            throws Exception {
        PlanName plan = ImageServiceUnderTest.uniquePlan("limits");
        byte[] archive = TarGz.archive()
                .file("Dockerfile", String.join("\n",
                        "FROM " + LocalStack.busyboxImage(),
                        // What a Dockerfile can ask for: a volume where the socket would be (an empty, anonymous one).
                        "VOLUME [\"/var/run\"]",
                        "COPY look-around.sh /look-around.sh",
                        "RUN sh /look-around.sh build-step-" + plan,
                        ""))
                .executable("look-around.sh", LOOK_AROUND)
                .bytes();
        try (ArtifactServer artifacts = ArtifactServer.start();
             TestDocker docker = new TestDocker();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of(
                     "slipway.image.limits.memory", "300m",
                     "slipway.image.limits.cpus", "0.5",
                     "slipway.image.limits.pids", 200))) {
            // What a descriptor can ask for: far more resources, and the engine's address in its environment.
            ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                    Artifacts.descriptor(plan)
                            .resources(new Resources(64, 1024 * 1024, 0, 1))
                            .environment(Map.of("DOCKER_HOST", "unix:///var/run/docker.sock", "PRIVILEGED", "true"))
                            .testCommand("sh /look-around.sh test-command").build());

            service.send(artifact);
            service.awaitBuilt(plan, Duration.ofMinutes(2));
            List<String> log = Arrays.asList(service.get("/images/" + plan + "/1/log").body().split("\n"));

            String step = "build-step-" + plan;
            assertEquals(List.of(step + " memory=314572800"), lines(log, step + " memory="), "a build step's memory limit: " + log);
            assertEquals(List.of(step + " cpu=50000 100000"), lines(log, step + " cpu="), "a build step's CPU quota: half of each period");
            assertEquals(List.of(step + " socket=absent"), lines(log, step + " socket="));
            assertFalse(lines(log, step + " interfaces=").get(0).contains("docker0"), "a build step is on the bridge, not the host's network");

            assertEquals(List.of("test-command memory=314572800"), lines(log, "test-command memory="), "the test container's memory limit");
            assertEquals(List.of("test-command pids=200"), lines(log, "test-command pids="), "its process limit");
            assertEquals(List.of("test-command cpu=50000 100000"), lines(log, "test-command cpu="), "its CPU quota");
            assertEquals(List.of("test-command socket=absent"), lines(log, "test-command socket="), "no Docker socket");
            String interfaces = lines(log, "test-command interfaces=").get(0);
            assertTrue(interfaces.contains("eth0") && !interfaces.contains("docker0"), "the bridge, not the host's network: " + interfaces);
            long capabilities = Long.parseUnsignedLong(lines(log, "test-command capabilities=").get(0)
                    .substring("test-command capabilities=".length()).strip(), 16);
            assertEquals(0, capabilities & CAP_SYS_ADMIN, "not privileged: " + Long.toHexString(capabilities));
            docker.removeImagesOf(plan);
        }
    }

    private static List<String> lines(List<String> log, String prefix) {
        return log.stream().map(String::strip).filter(line -> line.startsWith(prefix)).toList();
    }
}
