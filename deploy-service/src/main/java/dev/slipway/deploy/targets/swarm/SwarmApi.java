package dev.slipway.deploy.targets.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.docker.TargetEngine;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The two Swarm reads that docker-java's model cannot express: tasks with their ports, and node addresses. */
final class SwarmApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TargetEngine engine;
    private final Map<String, String> nodeAddresses = new ConcurrentHashMap<>();

    SwarmApi(TargetEngine engine) {
        this.engine = engine;
    }

    List<SwarmTask> tasks(String serviceName, int targetPort) throws TargetException {
        String filters = "{\"service\":[\"" + serviceName + "\"]}";
        JsonNode body = get("/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8), "list the tasks of " + serviceName);
        List<SwarmTask> tasks = new ArrayList<>();
        body.forEach(task -> tasks.add(SwarmTask.from(task, targetPort)));
        return tasks;
    }

    /** A service as the engine's API shows it, with its {@code UpdateStatus} (docker-java's model lacks it). */
    JsonNode service(String serviceName) throws TargetException {
        return get("/services/" + URLEncoder.encode(serviceName, StandardCharsets.UTF_8), "inspect service " + serviceName);
    }

    /** The address a node advertises to the swarm: where its host-mode ports answer. */
    String nodeAddress(String nodeId) throws TargetException {
        String known = nodeAddresses.get(nodeId);
        if (known != null) {
            return known;
        }
        String address = get("/nodes/" + URLEncoder.encode(nodeId, StandardCharsets.UTF_8), "inspect node " + nodeId)
                .path("Status").path("Addr").asText("");
        if (address.isBlank() || address.equals("0.0.0.0")) {
            address = "127.0.0.1";
        }
        nodeAddresses.put(nodeId, address);
        return address;
    }

    private JsonNode get(String path, String what) throws TargetException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build();
        return engine.call(what, () -> {
            try (DockerHttpClient.Response response = engine.http().execute(request);
                 InputStream body = response.getBody()) {
                byte[] bytes = body.readAllBytes();
                if (response.getStatusCode() >= 300) {
                    // Sorted as the typed client's failures are: 5xx may pass, 4xx will not.
                    throw new DockerException(new String(bytes, StandardCharsets.UTF_8), response.getStatusCode());
                }
                return JSON.readTree(bytes);
            }
        });
    }
}
