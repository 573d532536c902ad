package dev.slipway.image.docker;

import dev.slipway.events.domain.ImageReference;
import dev.slipway.image.dockerfile.ResolvedDockerfile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one {@code docker build} needs.
 *
 * @param context    the extracted repository
 * @param dockerfile the Dockerfile to build with (the repository's or generated), its labels appended
 * @param tags       every name the image gets
 * @param buildArgs  {@code --build-arg} values
 * @param scratch    a directory for the packed context
 */
public record ImageBuildRequest(Path context, ResolvedDockerfile dockerfile, List<ImageReference> tags,
                                Map<String, String> buildArgs, Path scratch) {
}
