package dev.slipway.webhook.delivery;

/**
 * Puts a value from a delivery into a message or a log line without letting it forge lines or
 * fill the screen: control characters become {@code ?} and long values are cut.
 */
public final class Quoted {
    private static final int MAX = 100;

    private Quoted() {
    }

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
