package dev.slipway.artifact.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.domain.Quoted;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed reads of descriptor fields, each failing with the file, the field's path and what was found. */
final class Fields {
    private Fields() {
    }

    static String text(String file, String field, JsonNode value) {
        if (!value.isTextual()) {
            throw new InvalidDescriptorException(file, field + " must be a string, not " + DescriptorJson.kind(value));
        }
        return value.textValue();
    }

    /** A version may be written as a number ({@code 1.2}); it is kept exactly as written. */
    static String textOrNumber(String file, String field, JsonNode value) {
        if (value.isNumber()) {
            return Scalars.text(value);
        }
        return text(file, field, value);
    }

    static double number(String file, String field, JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.textValue().strip());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new InvalidDescriptorException(file, field + " must be a number, was " + describe(value));
    }

    static int integer(String file, String field, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual() && value.textValue().strip().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(value.textValue().strip());
        }
        throw new InvalidDescriptorException(file, field + " must be a whole number, was " + describe(value));
    }

    static List<String> texts(String file, String field, JsonNode value) {
        if (!value.isArray()) {
            throw new InvalidDescriptorException(file, field + " must be an array of strings, not " + DescriptorJson.kind(value));
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            texts.add(text(file, field + "[" + i + "]", value.get(i)));
        }
        return texts;
    }

    static ObjectNode object(String file, String field, JsonNode value) {
        if (!value.isObject()) {
            throw new InvalidDescriptorException(file, field + " must be an object, not " + DescriptorJson.kind(value));
        }
        return (ObjectNode) value;
    }

    /** Reserved sections are ours, so a key we do not know is most likely a typo worth reporting. */
    static void onlyKnown(String file, String field, ObjectNode section, Set<String> known) {
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidDescriptorException(file, field + "." + Quoted.bare(name)
                        + " is not a known field; use " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A string value from the descriptor as JSON writes it, tamed: {@code "512x"}. */
    static String jsonString(String value) {
        return "\"" + Quoted.bare(value) + "\"";
    }

    private static String describe(JsonNode value) {
        return value.isTextual() ? jsonString(value.textValue()) : DescriptorJson.kind(value);
    }

    /**
     * A path that a later stage requests from the application (the health check deploy-service
     * probes, the acceptance check image-service runs): refused here, where the repository is read,
     * unless it is only a path on the application; the contract's
     * {@link dev.slipway.events.descriptor.ProbePath} says why and what a path may hold.
     *
     * @return {@code path}, when it is only a path on the application
     */
    static String probePath(String file, String field, String path) {
        dev.slipway.events.descriptor.ProbePath.problem(path).ifPresent(problem -> {
            throw new InvalidDescriptorException(file, field + " must be a path on the application itself: " + problem
                    + ", was " + jsonString(path));
        });
        return path;
    }
}
