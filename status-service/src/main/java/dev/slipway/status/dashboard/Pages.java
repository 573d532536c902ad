package dev.slipway.status.dashboard;

import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.ModelAndViewRenderer;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Renders a page or a fragment: a jte template (src/main/jte, precompiled at build time) with one
 * parameter, {@code page}, its model. Controllers and the error handlers answer through it alike,
 * so an error page is rendered the same way as any other (and escaped the same way).
 */
@Singleton
public class Pages {
    public static final String HTML = MediaType.TEXT_HTML + ";charset=utf-8";

    private final ModelAndViewRenderer<Map<String, Object>, HttpRequest<?>> renderer;

    public Pages(ModelAndViewRenderer<Map<String, Object>, HttpRequest<?>> renderer) {
        this.renderer = renderer;
    }

    public MutableHttpResponse<Writable> ok(String template, Object model, HttpRequest<?> request) {
        return render(HttpStatus.OK, template, model, request);
    }

    public MutableHttpResponse<Writable> render(HttpStatus status, String template, Object model, HttpRequest<?> request) {
        Writable html = renderer.render(new ModelAndView<>(template, Map.of("page", model)), request, MediaType.TEXT_HTML)
                .orElseThrow(() -> new IllegalStateException("no template '" + template + "' (src/main/jte/" + template + ".jte)"));
        return HttpResponse.<Writable>status(status).contentType(HTML).body(html);
    }
}
