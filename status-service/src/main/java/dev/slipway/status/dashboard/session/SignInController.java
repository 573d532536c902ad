package dev.slipway.status.dashboard.session;

import dev.slipway.infrastructure.security.ApiTokens;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.dashboard.Chrome;
import dev.slipway.status.dashboard.DashboardPaths;
import dev.slipway.status.dashboard.Pages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.util.Map;

/**
 * Signing in with an API token (the same tokens and roles as the API) and out. Signing in opens a
 * session on the server and gives the browser only its random id, in the session cookie.
 */
@Controller
@Hidden
@Produces(MediaType.TEXT_HTML)
public class SignInController {
    private final Pages pages;
    private final ApiTokens tokens;
    private final SessionStore sessions;
    private final SessionCookies cookies;
    private final CsrfGuard csrf;
    private final SignedIn signedIn;

    public SignInController(Pages pages, ApiTokens tokens, SessionStore sessions, SessionCookies cookies, CsrfGuard csrf, SignedIn signedIn) {
        this.pages = pages;
        this.tokens = tokens;
        this.sessions = sessions;
        this.cookies = cookies;
        this.csrf = csrf;
        this.signedIn = signedIn;
    }

    @Get(DashboardPaths.SIGN_IN)
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> form(@Nullable @QueryValue("next") String next, HttpRequest<?> request) {
        return pages.ok("signIn", new SignInPage(Chrome.anonymous(), DashboardPaths.localPage(next).orElse(null), null), request);
    }

    @Post(value = DashboardPaths.SIGN_IN, consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> signIn(@Body Map<String, String> form, HttpRequest<?> request) {
        csrf.checkOrigin(request);
        String next = DashboardPaths.localPage(form.get("next")).orElse(null);
        String token = form.getOrDefault("token", "").strip();
        return tokens.find(token).<HttpResponse<?>>map(found -> {
            DashboardSession session = sessions.open(found, token);
            return HttpResponse.seeOther(URI.create(next != null ? next : DashboardPaths.PLANS)).cookie(cookies.of(session));
        }).orElseGet(() -> pages.render(HttpStatus.UNAUTHORIZED, "signIn",
                new SignInPage(Chrome.anonymous(), next, "that token is not known to Slipway"), request));
    }

    @Post(value = "/ui/sign-out", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.VIEWER)
    public HttpResponse<?> signOut(@Body Map<String, String> form, Authentication authentication, HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        csrf.check(request, session, form);
        sessions.close(session);
        return HttpResponse.seeOther(URI.create(DashboardPaths.SIGN_IN)).cookie(cookies.cleared());
    }
}
