package dev.slipway.artifact.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code spec.json} says: {@code service.name} and {@code service.version}. Other keys are
 * the repository's own business and are ignored.
 */
final class SpecFile {
    static final String FILE = "spec.json";

    private SpecFile() {
    }

    static ServiceSection parse(ObjectNode root) {
        JsonNode service = root.get("service");
        if (service == null || service.isNull()) {
            throw new InvalidDescriptorException(FILE, "service is missing; expected {\"service\": {\"name\": \"...\", \"version\": \"...\"}}");
        }
        return ServiceSection.parse(FILE, service, false);
    }
}
