package dev.slipway.artifact.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.domain.Quoted;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Turns the free-form part of {@code dependency.json} into environment variables:
 * <ul>
 *   <li>a top-level scalar becomes a variable of the key's name ({@code "APP_ENV": "review"} gives {@code APP_ENV=review});</li>
 *   <li>an object is flattened, its keys joined with {@code _} ({@code "db": {"host": "x"}} gives {@code db_host=x});</li>
 *   <li>an array of scalars is joined with commas ({@code ["gd", "curl"]} gives {@code gd,curl}); any other array
 *       becomes its compact JSON text;</li>
 *   <li>{@code null} sets nothing;</li>
 *   <li>in names, every character other than a letter, digit or {@code _} becomes {@code _}; case is kept.</li>
 * </ul>
 * Two keys that give the same name are an error, as is a name that starts with a digit.
 */
final class EnvironmentVariables {
    private final String file;
    private final int maxVariables;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private EnvironmentVariables(String file, int maxVariables) {
        this.file = file;
        this.maxVariables = maxVariables;
    }

    static Map<String, String> from(String file, ObjectNode root, Set<String> reserved, int maxVariables) {
        EnvironmentVariables variables = new EnvironmentVariables(file, maxVariables);
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!reserved.contains(field.getKey())) {
                variables.add(name(field.getKey()), field.getKey(), field.getValue());
            }
        }
        return variables.values;
    }

    /** Recursion depth is bounded by the parser's nesting limit. */
    private void add(String name, String path, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                add(name + "_" + name(field.getKey()), path + "." + field.getKey(), field.getValue());
            }
            return;
        }
        String text;
        if (value.isArray()) {
            boolean scalars = StreamSupport.stream(value.spliterator(), false).allMatch(Scalars::isScalar);
            text = scalars
                    ? String.join(",", StreamSupport.stream(value.spliterator(), false).map(Scalars::text).toList())
                    : value.toString();
        } else {
            text = Scalars.text(value);
        }
        String earlier = origins.putIfAbsent(name, path);
        if (earlier != null) {
            throw new InvalidDescriptorException(file, Quoted.of(earlier) + " and " + Quoted.of(path)
                    + " both become the environment variable " + Quoted.bare(name));
        }
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            throw new InvalidDescriptorException(file, Quoted.of(path) + " cannot be an environment variable: "
                    + "its name " + Quoted.bare(name) + " starts with a digit");
        }
        if (values.size() >= maxVariables) {
            throw new InvalidDescriptorException(file, "yields more than " + maxVariables
                    + " environment variables (slipway.artifact.descriptor.max-variables)");
        }
        values.put(name, text);
    }

    private static String name(String key) {
        return key.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
