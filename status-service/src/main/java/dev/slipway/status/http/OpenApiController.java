package dev.slipway.status.http;

import dev.slipway.infrastructure.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yml}: the OpenAPI document that micronaut-openapi writes from the
 * controllers at compile time ({@code META-INF/swagger/} in the jar), so it cannot drift from them.
 */
@Controller
@Secured(Roles.VIEWER)
@Hidden
public class OpenApiController {
    static final String DOCUMENT = "META-INF/swagger/slipway-status-1.yml";
    private static final String YAML = "application/yaml";

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the class path (micronaut-openapi writes it when compiling)");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }

    @Get(value = "/openapi.yml", produces = YAML)
    public HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType(YAML);
    }
}
