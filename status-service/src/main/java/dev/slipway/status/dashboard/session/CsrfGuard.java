package dev.slipway.status.dashboard.session;

import dev.slipway.status.dashboard.PageException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What keeps another site from acting in a signed-in person's name (besides the SameSite=Strict
 * cookie): every form of the dashboard carries the session's CSRF token in {@value #FIELD}, and a POST
 * whose browser names where it came from (Origin, else Referer) must come from this server. Either
 * failing is a 403 page that says which.
 */
@Singleton
public class CsrfGuard {
    public static final String FIELD = "_csrf";
    /** Why a request from another site's page is refused. */
    public static final String CROSS_SITE = "the request came from another site's page, not from this dashboard: only its own pages may "
            + "send its forms";

    /** A form of a signed-in person: its {@value #FIELD} must be their session's, and it must come from here. */
    public void check(HttpRequest<?> request, DashboardSession session, Map<String, String> form) {
        checkOrigin(request);
        String sent = form.get(FIELD);
        if (sent == null || sent.isBlank()) {
            throw PageException.forbidden("the form has no " + FIELD + " field, so it cannot be told from a form another site made: "
                    + "open the page again and send it from there");
        }
        if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw PageException.forbidden("the form's " + FIELD + " field is not this session's (the page may be from an earlier "
                    + "session): open the page again and send it from there");
        }
    }

    /** A POST that says where it came from must come from a page of this server. */
    public void checkOrigin(HttpRequest<?> request) {
        Optional<String> origin = request.getHeaders().findFirst(HttpHeaders.ORIGIN);
        Optional<String> from = origin.isPresent() ? origin : request.getHeaders().findFirst(HttpHeaders.REFERER);
        if (from.isEmpty()) {
            return;
        }
        String host = request.getHeaders().findFirst(HttpHeaders.HOST).orElse("");
        if (!sameServer(from.get(), host)) {
            throw PageException.forbidden(CROSS_SITE);
        }
    }

    /** Whether {@code url} (an Origin or a Referer) names the server the request was sent to ({@code host}, the Host header). */
    static boolean sameServer(String url, String host) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null || host.isBlank()) {
            return false; // "null" (a sandboxed or privacy-sensitive page) names no server
        }
        int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        URI sentTo;
        try {
            sentTo = URI.create("//" + host.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (sentTo.getHost() == null) {
            return false;
        }
        int sentToPort = sentTo.getPort() < 0 ? defaultPort : sentTo.getPort();
        return uri.getHost().toLowerCase(Locale.ROOT).equals(sentTo.getHost().toLowerCase(Locale.ROOT)) && port == sentToPort;
    }
}
