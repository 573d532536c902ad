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
        return "'" + bare(value) + "'";
    }

    /** The value tamed as {@link #of} does, without the quotes: for messages that show it bare or in other quotes. */
    public static String bare(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder tamed = new StringBuilder(Math.min(value.length(), MAX) + 1);
        value.codePoints().limit(MAX).forEach(c -> tamed.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (value.codePointCount(0, value.length()) > MAX) {
            tamed.append('…');
        }
        return tamed.toString();
    }
}
