package dev.slipway.artifact.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.descriptor.AcceptanceCheck;
import dev.slipway.events.descriptor.Resources;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code dependency.json} says. Its top-level keys are free-form environment variables (see
 * {@link EnvironmentVariables}) except for the reserved ones below, which describe the build and
 * are not handed to it as variables.
 */
record DependencyFile(
        ServiceSection service,
        Map<String, String> environment,
        Resources resources,
        int port,
        String healthCheckPath,
        String runtime,
        String dockerfile,
        List<String> buildArgs,
        String testCommand,
        AcceptanceCheck acceptance) {

    static final String FILE = "dependency.json";
    static final Set<String> RESERVED = Set.of(
            "service", "resources", "port", "healthCheck", "runtime", "dockerfile", "buildArgs", "test", "acceptance");
    private static final Set<String> RESOURCE_FIELDS = Set.of("cpus", "memory", "disk", "instances");
    private static final Set<String> HEALTH_CHECK_FIELDS = Set.of("path");
    private static final Set<String> ACCEPTANCE_FIELDS = Set.of("path", "status");

    static DependencyFile parse(ObjectNode root, int maxVariables) {
        return new DependencyFile(
                ServiceSection.parse(FILE, root.get("service"), true),
                EnvironmentVariables.from(FILE, root, RESERVED, maxVariables),
                resources(field(root, "resources")),
                port(field(root, "port")),
                healthCheckPath(field(root, "healthCheck")),
                optionalText(root, "runtime"),
                optionalText(root, "dockerfile"),
                field(root, "buildArgs") == null ? List.of() : Fields.texts(FILE, "buildArgs", root.get("buildArgs")),
                optionalText(root, "test"),
                acceptance(field(root, "acceptance")));
    }

    /** A reserved key that is absent or {@code null} means "use the default". */
    private static JsonNode field(ObjectNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String optionalText(ObjectNode root, String name) {
        JsonNode value = field(root, name);
        return value == null ? null : Fields.text(FILE, name, value);
    }

    private static Resources resources(JsonNode value) {
        if (value == null) {
            return Resources.DEFAULT;
        }
        ObjectNode section = Fields.object(FILE, "resources", value);
        Fields.onlyKnown(FILE, "resources", section, RESOURCE_FIELDS);
        Resources defaults = Resources.DEFAULT;
        JsonNode cpus = field(section, "cpus");
        JsonNode memory = field(section, "memory");
        JsonNode disk = field(section, "disk");
        JsonNode instances = field(section, "instances");
        try {
            return new Resources(
                    cpus == null ? defaults.cpus() : Fields.number(FILE, "resources.cpus", cpus),
                    memory == null ? defaults.memoryMb() : ByteSize.mebibytes(FILE, "resources.memory", memory),
                    disk == null ? defaults.diskMb() : ByteSize.mebibytes(FILE, "resources.disk", disk),
                    instances == null ? defaults.instances() : Fields.integer(FILE, "resources.instances", instances));
        } catch (IllegalArgumentException e) {
            // The contract's own check: its message already names the field and the value.
            throw new InvalidDescriptorException(FILE, e.getMessage());
        }
    }

    /** 0 lets the contract pick its default; an explicit port must be a real one. */
    private static int port(JsonNode value) {
        if (value == null) {
            return 0;
        }
        int port = Fields.integer(FILE, "port", value);
        if (port < 1 || port > 65535) {
            throw new InvalidDescriptorException(FILE, "port must be between 1 and 65535, was " + port);
        }
        return port;
    }

    /** {@code "healthCheck": "/health"} or {@code "healthCheck": {"path": "/health"}}; only a path ({@link Fields#probePath}). */
    private static String healthCheckPath(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return Fields.probePath(FILE, "healthCheck.path", value.textValue());
        }
        ObjectNode section = Fields.object(FILE, "healthCheck", value);
        Fields.onlyKnown(FILE, "healthCheck", section, HEALTH_CHECK_FIELDS);
        JsonNode path = field(section, "path");
        return path == null ? null : Fields.probePath(FILE, "healthCheck.path", Fields.text(FILE, "healthCheck.path", path));
    }

    /** {@code "acceptance": "/"} (expects 200) or {@code "acceptance": {"path": "/", "status": 204}}. */
    private static AcceptanceCheck acceptance(JsonNode value) {
        if (value == null) {
            return null;
        }
        String path;
        int status = 200;
        if (value.isTextual()) {
            path = value.textValue();
        } else {
            ObjectNode section = Fields.object(FILE, "acceptance", value);
            Fields.onlyKnown(FILE, "acceptance", section, ACCEPTANCE_FIELDS);
            JsonNode pathNode = field(section, "path");
            path = pathNode == null ? "/" : Fields.text(FILE, "acceptance.path", pathNode);
            JsonNode statusNode = field(section, "status");
            if (statusNode != null) {
                status = Fields.integer(FILE, "acceptance.status", statusNode);
            }
        }
        Fields.probePath(FILE, "acceptance.path", path);
        try {
            return new AcceptanceCheck(path, status);
        } catch (IllegalArgumentException e) {
            throw new InvalidDescriptorException(FILE, e.getMessage());
        }
    }
}
