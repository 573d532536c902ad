package dev.slipway.events.domain;

/**
 * Puts a value from hostile input (a webhook body, a descriptor, an event) into a message or a log
 * line without letting it forge lines or fill the screen: quoted, control characters become
 * {@code ?}, and a long value is cut.
 */
public final class Quoted {
    private static final int MAX = 100;

    private Quoted() {
    }

    /** {@code 'value'}, tamed. */
    public static String of(String value) {
        if (value == null) {
            return "''";
        }
        StringBuilder quoted = new StringBuilder(Math.min(value.length(), MAX) + 2).append('\'');
        value.codePoints().limit(MAX).forEach(c -> quoted.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (value.codePointCount(0, value.length()) > MAX) {
            quoted.append('…');
        }
        return quoted.append('\'').toString();
    }
}
