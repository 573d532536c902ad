package dev.slipway.image.docker;

import dev.slipway.infrastructure.docker.DockerEngine;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one {@link DockerEngine} of the service, on the engine {@code slipway.image.docker.*} names. */
@Factory
class DockerEngineFactory {

    @Singleton
    @Bean(preDestroy = "close")
    DockerEngine dockerEngine(DockerConfiguration configuration) {
        return DockerEngine.connect(configuration.settings());
    }
}
