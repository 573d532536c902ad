package dev.slipway.deploy.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Service;
import dev.slipway.deploy.targets.AppSpec;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Removes what deploy-service tests left on the shared engine and swarm: containers and services
 * that both the deploy service (managed-by) and a test (dev.slipway.test) labelled, and nothing else.
 */
public final class ClusterCleanup {
    private static final Map<String, String> OURS = Map.of(AppSpec.MANAGED_BY_LABEL, AppSpec.MANAGED_BY, WebImages.TEST_LABEL, "true");

    private ClusterCleanup() {
    }

    public static void containers(DockerClient docker) {
        List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(OURS).exec();
        for (Container container : containers) {
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // Removed meanwhile.
            }
        }
    }

    /** Removes the services and waits for Swarm to remove their tasks' containers, which it does afterwards. */
    public static void services(DockerClient docker) {
        List<Service> services = docker.listServicesCmd().withLabelFilter(OURS).exec();
        for (Service service : services) {
            try {
                docker.removeServiceCmd(service.getId()).exec();
            } catch (RuntimeException ignored) {
                // Removed meanwhile.
            }
        }
        try {
            await("swarm removes the tasks' containers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> docker.listContainersCmd().withShowAll(true)
                            .withLabelFilter(List.of(AppSpec.MANAGED_BY_LABEL + "=" + AppSpec.MANAGED_BY, WebImages.TEST_LABEL + "=true",
                                    "com.docker.swarm.service.id"))
                            .exec().isEmpty());
        } catch (ConditionTimeoutException slow) {
            // A cleanup, not a check: Swarm goes on removing them, and a test that needs their
            // capacity waits for it as any deployment would.
        }
    }
}
