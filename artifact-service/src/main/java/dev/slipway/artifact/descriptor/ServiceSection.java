package dev.slipway.artifact.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/** {@code "service": {"name": ..., "version": ...}}, in spec.json or dependency.json; either field may be absent (null). */
record ServiceSection(String name, String version) {
    static final ServiceSection NONE = new ServiceSection(null, null);
    private static final Set<String> FIELDS = Set.of("name", "version");

    /** @param strict refuse unknown keys (dependency.json, where the section is ours) or ignore them (spec.json) */
    static ServiceSection parse(String file, JsonNode value, boolean strict) {
        if (value == null || value.isNull()) {
            return NONE;
        }
        ObjectNode service = Fields.object(file, "service", value);
        if (strict) {
            Fields.onlyKnown(file, "service", service, FIELDS);
        }
        JsonNode name = service.get("name");
        JsonNode version = service.get("version");
        return new ServiceSection(
                name == null || name.isNull() ? null : Fields.text(file, "service.name", name),
                version == null || version.isNull() ? null : Fields.textOrNumber(file, "service.version", version));
    }
}
