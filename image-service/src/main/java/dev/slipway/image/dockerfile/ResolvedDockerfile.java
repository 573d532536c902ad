package dev.slipway.image.dockerfile;

import java.util.Map;

/**
 * The Dockerfile a build uses.
 *
 * @param pathInContext the repository's file ({@code Dockerfile}, {@code docker/Dockerfile}, ...), or
 *                      where a generated one would sit in the build context
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

    /**
     * The text the engine reads: this one with the labels appended in one {@code LABEL} line
     * ({@link LabelInstruction}). A repository's own file stays as it is in the build context;
     * the engine gets this text as a file of Slipway's own.
     */
    public ResolvedDockerfile withLabels(Map<String, String> labels) {
        return new ResolvedDockerfile(pathInContext, LabelInstruction.appendTo(content, labels), origin, runtime);
    }
}
