package dev.slipway.image.dockerfile;

import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.Quoted;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides which Dockerfile builds a repository: the one the descriptor names, else the
 * repository's {@code Dockerfile}, else one generated from the descriptor's runtime.
 */
@Singleton
public class DockerfileResolver {
    static final String DEFAULT_PATH = "Dockerfile";
    static final String GENERATED_FALLBACK_PATH = ".slipway.Dockerfile";
    private static final long MAX_DOCKERFILE_BYTES = 1024 * 1024;
    private static final List<String> JAR_DIRECTORIES = List.of("", "target/", "build/libs/");
    /** The jar's path goes into a COPY line: nothing that could start another instruction or word. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/+-]+");

    private final DockerfileTemplates templates;

    public DockerfileResolver(DockerfileTemplates templates) {
        this.templates = templates;
    }

    /** @param context the extracted repository */
    public ResolvedDockerfile resolve(Path context, BuildDescriptor descriptor) {
        if (descriptor.dockerfile() != null) {
            Path named = insideFile(context, descriptor.dockerfile());
            if (named == null) {
                throw new DockerfileNotFoundException("the descriptor names dockerfile " + Quoted.of(descriptor.dockerfile())
                        + ", which is not a file in the repository");
            }
            return new ResolvedDockerfile(descriptor.dockerfile(), read(named), DockerfileOrigin.REPOSITORY, null);
        }
        Path own = insideFile(context, DEFAULT_PATH);
        if (own != null) {
            return new ResolvedDockerfile(DEFAULT_PATH, read(own), DockerfileOrigin.REPOSITORY, null);
        }
        if (descriptor.runtime() == null) {
            throw new DockerfileNotFoundException("the repository has no Dockerfile and its descriptor names no runtime to generate one from"
                    + " (one of " + templates.runtimes() + ")");
        }
        String runtime = descriptor.runtime();
        Map<String, Supplier<String>> values = Map.of(
                "baseImage", () -> templates.baseImage(runtime),
                "port", () -> Integer.toString(descriptor.port()),
                "buildArgs", () -> descriptor.buildArgs().stream().map(name -> "ARG " + name).collect(Collectors.joining("\n")),
                "jar", () -> runnableJar(context));
        // Only the build context gets the generated file; a directory named Dockerfile keeps its name.
        String path = Files.exists(context.resolve(DEFAULT_PATH), LinkOption.NOFOLLOW_LINKS) ? GENERATED_FALLBACK_PATH : DEFAULT_PATH;
        return new ResolvedDockerfile(path, templates.render(runtime, values), DockerfileOrigin.GENERATED, runtime);
    }

    /** The file at {@code relative}, if it is a regular file that really lies inside {@code context}. */
    private static Path insideFile(Path context, String relative) {
        try {
            Path root = context.toRealPath();
            Path candidate = root.resolve(relative).normalize();
            if (!candidate.startsWith(root) || !Files.exists(candidate)) {
                return null;
            }
            Path real = candidate.toRealPath();
            return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path dockerfile) {
        try {
            if (Files.size(dockerfile) > MAX_DOCKERFILE_BYTES) {
                throw new DockerfileNotFoundException("the Dockerfile is larger than " + MAX_DOCKERFILE_BYTES + " bytes");
            }
            return Files.readString(dockerfile, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new DockerfileNotFoundException("the Dockerfile is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dockerfile, e);
        }
    }

    /** The one runnable jar of the repository, at the top level, in target/ or in build/libs/. */
    private static String runnableJar(Path context) {
        List<String> jars = JAR_DIRECTORIES.stream()
                .flatMap(dir -> jarsIn(context, dir))
                .sorted()
                .toList();
        if (jars.size() != 1) {
            throw new DockerfileTemplateException("the java template runs the repository's one jar, and found "
                    + (jars.isEmpty() ? "none" : jars.size() + ": " + jars) + " at the top level, in target/ or in build/libs/"
                    + "; keep exactly one there, or commit a Dockerfile");
        }
        String jar = jars.get(0);
        if (!SAFE_PATH.matcher(jar).matches()) {
            throw new DockerfileTemplateException("the jar's path " + Quoted.of(jar)
                    + " has characters that cannot go into a Dockerfile COPY line; use letters, digits, '.', '_', '+', '-' and '/'");
        }
        return jar;
    }

    private static Stream<String> jarsIn(Path context, String directory) {
        Path dir = context.resolve(directory);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".jar") && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar")
                            && !n.endsWith("-tests.jar") && !n.startsWith("original-"))
                    .map(n -> directory + n)
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
