package dev.slipway.image.dockerfile;

/**
 * The Dockerfile a build uses.
 *
 * @param pathInContext where it sits in the build context ({@code Dockerfile}, {@code docker/Dockerfile}, ...)
 * @param content       its text, kept with the build so a person can see exactly what was built
 * @param origin        the repository's own, or generated
 * @param runtime       the template's runtime when generated, else null
 */
public record ResolvedDockerfile(String pathInContext, String content, DockerfileOrigin origin, String runtime) {

    public String describe() {
        return origin == DockerfileOrigin.GENERATED
                ? "generated from the '" + runtime + "' template"
                : "the repository's " + pathInContext;
    }
}
