package dev.slipway.events.domain;

import java.util.regex.Pattern;

/**
 * URLs as Slipway may show them: in a message, a log line, an event, an answer or an image label.
 * A URL can carry a credential in its user part ({@code https://TOKEN@host/...}, the form Git hosts
 * hand out, or {@code https://user:password@host/...}), and a name alone is no proof that it is not
 * one, so the whole user part is left out, whatever the scheme, and even where the rest of the URL
 * is not valid.
 */
public final class Redacted {
    /** A scheme, then everything up to the last '@' before the authority ends: the user part. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s]*@");
    /** An scp-like address's user ({@code git@host:owner/repo}), at the start of the text. */
    private static final Pattern SCP_LIKE_USER = Pattern.compile("^[^/:@\\s]+@(?=[^/:@\\s]+:(?!//))");

    private Redacted() {
    }

    /** {@code url} without its user part: {@code https://TOKEN@host/x} is {@code https://host/x}. */
    public static String url(String url) {
        return url == null ? null : SCP_LIKE_USER.matcher(urlsIn(url)).replaceFirst("");
    }

    /** {@code url} without its user part. */
    public static String url(java.net.URI url) {
        return url == null ? null : url(url.toString());
    }

    /** {@code text} with the user part of every URL in it left out (a library's message, say). */
    public static String urlsIn(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1");
    }
}
