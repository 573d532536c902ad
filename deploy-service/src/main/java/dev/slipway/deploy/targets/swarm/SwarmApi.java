package dev.slipway.deploy.targets.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetUnavailableException;
import dev.slipway.deploy.targets.dockerapi.DockerConnection;

import java.io.IOException;
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

    private final DockerConnection docker;
    private final Map<String, String> nodeAddresses = new ConcurrentHashMap<>();

    SwarmApi(DockerConnection docker) {
        this.docker = docker;
    }

    List<SwarmTask> tasks(String serviceName, int targetPort) throws TargetException {
        String filters = "{\"service\":[\"" + serviceName + "\"]}";
        JsonNode body = get("/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8), "list the tasks of " + serviceName);
        List<SwarmTask> tasks = new ArrayList<>();
        body.forEach(task -> tasks.add(SwarmTask.from(task, targetPort)));
        return tasks;
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
        try (DockerHttpClient.Response response = docker.http().execute(request);
             InputStream body = response.getBody()) {
            byte[] bytes = body.readAllBytes();
            if (response.getStatusCode() >= 500) {
                throw new TargetUnavailableException(what + ": the engine answered " + response.getStatusCode() + ": " + text(bytes));
            }
            if (response.getStatusCode() >= 300) {
                throw new TargetException(what + ": the engine answered " + response.getStatusCode() + ": " + text(bytes));
            }
            return JSON.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            throw new TargetUnavailableException(what + ": cannot reach the engine: " + e.getMessage(), e);
        }
    }

    private static String text(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }
}
