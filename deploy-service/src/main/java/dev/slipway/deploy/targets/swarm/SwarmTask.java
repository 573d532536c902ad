package dev.slipway.deploy.targets.swarm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Optional;

/**
 * The fields of a Swarm task that a rollout looks at, read from the engine's JSON: docker-java's
 * model has no {@code Status.PortStatus}, which is where a host-mode published port is found.
 */
record SwarmTask(String id, String nodeId, String image, String desiredState, String state, String message,
                 String error, Integer publishedPort, Instant createdAt) {

    static SwarmTask from(JsonNode task, int targetPort) {
        JsonNode status = task.path("Status");
        Integer published = null;
        for (JsonNode port : status.path("PortStatus").path("Ports")) {
            if (port.path("TargetPort").asInt() == targetPort && port.path("PublishedPort").asInt() > 0) {
                published = port.path("PublishedPort").asInt();
                break;
            }
        }
        return new SwarmTask(
                task.path("ID").asText(),
                task.path("NodeID").asText(""),
                task.path("Spec").path("ContainerSpec").path("Image").asText(""),
                task.path("DesiredState").asText(""),
                status.path("State").asText(""),
                status.path("Message").asText(""),
                status.path("Err").asText(""),
                published,
                parse(task.path("CreatedAt").asText("")));
    }

    boolean meantToRun() {
        return desiredState.equals("running");
    }

    boolean running() {
        return state.equals("running");
    }

    boolean pending() {
        return state.equals("pending") || state.equals("new") || state.equals("allocated");
    }

    /** A task that ended without being asked to: its container failed, or the node refused it. */
    boolean failed() {
        return state.equals("failed") || state.equals("rejected");
    }

    Optional<String> explanation() {
        if (!error.isBlank()) {
            return Optional.of(error);
        }
        return message.isBlank() ? Optional.empty() : Optional.of(message);
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
