package dev.slipway.image.dockerfile;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code slipway.image.dockerfile.*}: how a Dockerfile is generated for a repository without one.
 * The shipped runtimes' base images are in {@code application.yml}.
 *
 * @param templatesDirectory a directory whose {@code <runtime>.Dockerfile} files replace the shipped
 *                           templates or add runtimes; null to use only the shipped ones
 * @param baseImages         the {@code FROM} image per runtime; a runtime without one cannot be generated
 */
@ConfigurationProperties("slipway.image.dockerfile")
public record DockerfileConfiguration(@Nullable Path templatesDirectory, @Nullable Map<String, String> baseImages) {
}
