package dev.slipway.status.dashboard;

import dev.slipway.status.dashboard.session.SignedIn;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A {@link PageException} as a page: its status, a title, and the message in {@code p#error}. */
@Produces
@Singleton
public class PageErrors implements ExceptionHandler<PageException, HttpResponse<?>> {
    private final Pages pages;
    private final SignedIn signedIn;

    public PageErrors(Pages pages, SignedIn signedIn) {
        this.pages = pages;
        this.signedIn = signedIn;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, PageException exception) {
        Chrome chrome = signedIn.current(request).map(Chrome::keepingMessages).orElseGet(Chrome::anonymous);
        return pages.render(exception.status(), "message", new MessagePage(chrome, exception.title(), exception.getMessage()), request);
    }
}
