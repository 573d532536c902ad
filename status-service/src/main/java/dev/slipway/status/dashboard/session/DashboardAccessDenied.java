package dev.slipway.status.dashboard.session;

import dev.slipway.infrastructure.security.AccessDeniedAnswers;
import dev.slipway.status.dashboard.Chrome;
import dev.slipway.status.dashboard.DashboardPaths;
import dev.slipway.status.dashboard.MessagePage;
import dev.slipway.status.dashboard.Pages;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Micronaut Security's refusals, for people: a dashboard page opened without a session leads to the
 * sign-in page (303, with the page to come back to); any other dashboard request without one (a form,
 * a fragment, the event stream) is a 401 page, never a redirect a script would follow. The API keeps
 * service-infrastructure's JSON answers ({@link AccessDeniedAnswers}).
 */
@Produces
@Singleton
@Replaces(AccessDeniedAnswers.class)
public class DashboardAccessDenied implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    private final AccessDeniedAnswers api = new AccessDeniedAnswers();
    private final Pages pages;

    public DashboardAccessDenied(Pages pages) {
        this.pages = pages;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (!DashboardPaths.isDashboard(request.getPath())) {
            return api.handle(request, exception);
        }
        if (exception.isForbidden()) {
            return pages.render(HttpStatus.FORBIDDEN, "message", new MessagePage(Chrome.anonymous(), "Refused",
                    "your role does not allow this"), request);
        }
        return notSignedIn(request, pages);
    }

    static MutableHttpResponse<?> notSignedIn(HttpRequest<?> request, Pages pages) {
        if (DashboardPaths.isPage(request)) {
            URI uri = request.getUri();
            String page = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return HttpResponse.seeOther(URI.create(DashboardPaths.SIGN_IN + "?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8)));
        }
        return pages.render(HttpStatus.UNAUTHORIZED, "message", new MessagePage(Chrome.anonymous(), "Not signed in",
                "this needs a signed-in session (none was sent, or it has ended): sign in again"), request);
    }

    /** A request that Micronaut Security let through on a bearer token, or whose session ended meanwhile. */
    @Produces
    @Singleton
    public static class WithoutSession implements ExceptionHandler<NotSignedInException, MutableHttpResponse<?>> {
        private final Pages pages;

        public WithoutSession(Pages pages) {
            this.pages = pages;
        }

        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, NotSignedInException exception) {
            return notSignedIn(request, pages);
        }
    }
}
