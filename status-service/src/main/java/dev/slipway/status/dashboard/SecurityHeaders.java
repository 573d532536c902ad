package dev.slipway.status.dashboard;

import dev.slipway.status.dashboard.session.CsrfGuard;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The headers of every dashboard answer: a Content-Security-Policy that lets pages load only this
 * server's own script, styles and images and be framed by nobody (so an injected tag could run
 * nothing), no content-type sniffing, no Referer to other sites, and no caching of pages (they hold
 * a CSRF token and what a signed-in person may see). The static assets may be cached.
 *
 * <p>First of all filters, so that it also sees the answers other filters make themselves: Micronaut's
 * CORS filter refuses a request from another site's page to a server on loopback with an empty 403
 * (its drive-by-localhost protection, before the dashboard's own Origin check); the person gets the
 * page that says why.
 */
@ServerFilter({"/", DashboardPaths.ROOT, DashboardPaths.ROOT + "/**"})
@Order(SecurityHeaders.ORDER)
public class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'";
    /** {@code ServerFilterPhase.FIRST}: before the CORS filter ({@code METRICS.after()}) and everything else. */
    static final int ORDER = -1000;
    private static final String ASSETS = DashboardPaths.ROOT + "/assets/";

    private final Pages pages;

    public SecurityHeaders(Pages pages) {
        this.pages = pages;
    }

    @ResponseFilter
    public MutableHttpResponse<?> headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpResponse<?> answer = response;
        if (response.status() == HttpStatus.FORBIDDEN && response.getBody().isEmpty() && request.getOrigin().isPresent()) {
            MutableHttpResponse<Writable> page = pages.render(HttpStatus.FORBIDDEN, "message", new MessagePage(Chrome.anonymous(), "Refused",
                    CsrfGuard.CROSS_SITE), request);
            response.getHeaders().forEach((name, values) -> values.forEach(value -> page.getHeaders().add(name, value)));
            answer = page;
        }
        answer.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        answer.header("X-Content-Type-Options", "nosniff");
        answer.header("Referrer-Policy", "same-origin");
        if (!request.getPath().startsWith(ASSETS)) {
            answer.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return answer;
    }
}
