package dev.slipway.status.dashboard;

import io.micronaut.http.HttpStatus;

/**
 * A request the dashboard answers with a page that says what went wrong, in words: an unknown plan
 * (404), a refused form (403), a bad address (400). Rendered by {@link PageErrors}.
 */
public class PageException extends RuntimeException {
    private final HttpStatus status;
    private final String title;

    public PageException(HttpStatus status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static PageException notFound(String message) {
        return new PageException(HttpStatus.NOT_FOUND, "Not found", message);
    }

    public static PageException forbidden(String message) {
        return new PageException(HttpStatus.FORBIDDEN, "Refused", message);
    }

    public static PageException badRequest(String message) {
        return new PageException(HttpStatus.BAD_REQUEST, "Not understood", message);
    }
}
