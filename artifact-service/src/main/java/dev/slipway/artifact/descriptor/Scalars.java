package dev.slipway.artifact.descriptor;

import com.fasterxml.jackson.databind.JsonNode;

/** How a JSON scalar is written as an environment variable's value. */
final class Scalars {
    private Scalars() {
    }

    static boolean isScalar(JsonNode node) {
        return node.isTextual() || node.isNumber() || node.isBoolean();
    }

    /** Strings as they are, numbers as written ({@code 1.50}, {@code 1000} for {@code 1e3}), booleans as {@code true}/{@code false}. */
    static String text(JsonNode node) {
        if (node.isBigDecimal()) {
            return node.decimalValue().toPlainString();
        }
        return node.asText();
    }
}
