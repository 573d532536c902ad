package dev.slipway.events.descriptor;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * A path that a stage requests from the application it built or deployed: the health check that
 * deploy-service probes, the acceptance check that image-service runs. The repository writes it, so
 * it is hostile input: {@code "//169.254.169.254/latest/meta-data"}, resolved against the app's
 * address, is another host, which the stage would request and then report what it answered
 * (server-side request forgery). Only a plain path (and query) is a probe path, and the URL probed
 * is the app's own scheme, host and port with the path appended, never a resolution that could
 * change them. The artifact service refuses a descriptor whose paths are not; the stages that probe
 * check again.
 */
public final class ProbePath {
    /** RFC 3986 pchar (unreserved, sub-delims, ':' and '@'), '/' and '?'; '%' is checked on its own. */
    private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?";

    private ProbePath() {
    }

    /** What makes {@code path} more than a path on the app, in words ("it starts with '//', ..."); empty when nothing does. */
    public static Optional<String> problem(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.of("it does not start with '/'");
        }
        if (path.startsWith("//")) {
            return Optional.of("it starts with '//', which makes the rest a host name");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                return Optional.of("it holds a backslash, which some HTTP clients read as '/'");
            }
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return Optional.of("it holds a control character or a space");
            }
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return Optional.of("it holds a '%' that is not followed by two hex digits");
                }
            } else if (ALLOWED.indexOf(c) < 0) {
                return Optional.of("it holds '" + (c > 0x7e ? "\\u" + String.format("%04x", (int) c) : String.valueOf(c))
                        + "', which a URL path cannot hold unencoded");
            }
        }
        return Optional.empty();
    }

    /**
     * The URL to probe: the app's scheme, host and port, then {@code path}; the app URL's own path,
     * user info, query and fragment are dropped.
     *
     * @throws IllegalArgumentException saying what is wrong, in the words of {@link #problem}, when
     *                                  {@code path} has one, or when the result would not be on the
     *                                  app's host and port (the last line of defence)
     */
    public static URI on(URI app, String path) {
        problem(path).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        URI origin;
        try {
            origin = new URI(app.getScheme(), null, app.getHost(), app.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the app's URL " + app + " has no usable scheme and host", e);
        }
        URI target = URI.create(origin + path);
        if (!origin.getScheme().equalsIgnoreCase(target.getScheme()) || !Objects.equals(origin.getHost(), target.getHost())
                || origin.getPort() != target.getPort()) {
            throw new IllegalArgumentException("it leads to " + target.getHost() + ", not to the app at " + origin);
        }
        return target;
    }
}
