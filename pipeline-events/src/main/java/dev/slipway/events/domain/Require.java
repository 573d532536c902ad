package dev.slipway.events.domain;

/**
 * Constructor checks shared by the value types and events. They throw
 * {@link IllegalArgumentException} with a message that names the field, because that message is
 * what a person reads when a body on a topic or a webhook is rejected.
 */
public final class Require {
    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    public static String text(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' must not be blank");
        }
        return value;
    }

    /** Rejects control characters, which have no place in names, refs or URLs and can forge log lines. */
    public static String printable(String value, String field) {
        text(value, field);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("field '" + field + "' contains a control character");
            }
        }
        return value;
    }
}
