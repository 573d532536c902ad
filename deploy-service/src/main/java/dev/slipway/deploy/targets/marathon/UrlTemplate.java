package dev.slipway.deploy.targets.marathon;

import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Marathon app answers, e.g. {@code http://{host}:{port}/} for a task's own host port, or
 * {@code http://{plan}-{environment}.apps.example.com/} behind a load balancer.
 */
public record UrlTemplate(String text) {
    public static final java.util.Set<String> PLACEHOLDERS =
            java.util.Set.of("host", "port", "servicePort", "appId", "appName", "plan", "environment", "build");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    /** {@code scheme://user:password@...}: user info before the host. */
    private static final Pattern USER_INFO = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@");

    public UrlTemplate {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("url-template must not be blank");
        }
        // Checked first, and the template not repeated: the URL goes into events and the API.
        if (USER_INFO.matcher(text).find()) {
            throw new IllegalArgumentException("url-template must not hold credentials (user info before '@'):"
                    + " an app's URL is shown in events and in the deployments API");
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!PLACEHOLDERS.contains(matcher.group(1))) {
                throw new IllegalArgumentException("url-template '" + text + "' names {" + matcher.group(1)
                        + "}; the placeholders are " + new java.util.TreeSet<>(PLACEHOLDERS));
            }
        }
        // A template that cannot give a URL is a configuration error, found at start-up rather than at the first deployment.
        expand(text, Map.of("host", "example.org", "port", "1", "servicePort", "1", "appId", "a", "appName", "a",
                "plan", "p", "environment", "e", "build", "1"));
    }

    public URI expand(Map<String, String> values) {
        return expand(text, values);
    }

    private static URI expand(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(url, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(url);
        try {
            URI uri = URI.create(url.toString());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("url-template '" + text + "' does not give an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url-template '" + text + "' does not give a URL: " + e.getMessage(), e);
        }
    }
}
