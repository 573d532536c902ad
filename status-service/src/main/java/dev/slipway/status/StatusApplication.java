package dev.slipway.status;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Every build's story in one place, and the bus watched: the pipeline's read model and its lag. */
@OpenAPIDefinition(
        info = @Info(title = "slipway-status", version = "1",
                description = "status-service: every Slipway plan and build with its stages, environments and timeline, the live "
                        + "stream of changes, and the consumer groups' lag. Every call needs a bearer token with role viewer."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class StatusApplication {
    private StatusApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(StatusApplication.class, args);
    }
}
