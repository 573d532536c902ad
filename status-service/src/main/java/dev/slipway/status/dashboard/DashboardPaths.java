package dev.slipway.status.dashboard;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;

import java.util.Optional;
import java.util.regex.Pattern;

/** Where the dashboard lives, and which of its requests are pages a person opens (rather than a script's calls). */
public final class DashboardPaths {
    public static final String ROOT = "/ui";
    public static final String SIGN_IN = "/ui/sign-in";
    public static final String PLANS = "/ui/plans";
    static final String FRAGMENTS = "/ui/fragments/";
    static final String EVENTS = "/ui/events";

    /** A path of the dashboard that a sign-in may lead back to: only this server's own /ui pages. */
    private static final Pattern LOCAL_PAGE = Pattern.compile("/ui(/[A-Za-z0-9._~%/-]*)?(\\?[A-Za-z0-9._~%&=+-]*)?");

    private DashboardPaths() {
    }

    public static boolean isDashboard(String path) {
        return path.equals(ROOT) || path.startsWith(ROOT + "/");
    }

    /**
     * A page a person opens in the browser (GET, not a fragment or the event stream): without a session it
     * leads to the sign-in page; anything else without one is refused with 401.
     */
    public static boolean isPage(HttpRequest<?> request) {
        String path = request.getPath();
        return request.getMethod() == HttpMethod.GET && isDashboard(path) && !path.startsWith(FRAGMENTS) && !path.equals(EVENTS);
    }

    /** Where a sign-in leads: {@code next} when it is a page of this dashboard, never another site. */
    public static Optional<String> localPage(String next) {
        if (next == null || next.contains("//") || next.contains("/./") || next.contains("/../") || next.endsWith("/.")
                || next.endsWith("/..") || next.startsWith(SIGN_IN) || !LOCAL_PAGE.matcher(next).matches()) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    public static String plan(String plan) {
        return PLANS + "/" + plan;
    }

    public static String build(String plan, String ref) {
        return plan(plan) + "/builds/" + ref;
    }
}
