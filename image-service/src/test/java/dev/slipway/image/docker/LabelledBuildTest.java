package dev.slipway.image.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.image.BuildLog;
import dev.slipway.image.dockerfile.DockerfileOrigin;
import dev.slipway.image.dockerfile.ResolvedDockerfile;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What the engine makes of Slipway's LABEL line, built for real: hostile label values come out as
 * they went in (control characters replaced), in one LABEL step; a repository's {@code # escape=}
 * directive and a trailing line continuation change nothing of that, nor of the repository's own
 * instructions; and {@code COPY .} gets the repository's Dockerfile byte for byte, and none of
 * Slipway's files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelledBuildTest {
    /** What a descriptor's version or a repository's URL could hold if nothing upstream checked them. */
    private static final Map<String, String> HOSTILE = hostile();
    /** The same as the engine must set them: control characters (and line and paragraph separators) replaced. */
    private static final Map<String, String> HOSTILE_AS_SET = asSet(HOSTILE);

    private DockerEngine engine;
    private ImageBuilder builder;
    private TestDocker docker;
    private final List<String> images = new ArrayList<>();

    @BeforeAll
    void connect() {
        DockerConfiguration configuration = new DockerConfiguration(LocalStack.dockerHost(), "false", null,
                Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5));
        engine = DockerEngine.connect(configuration.settings());
        builder = new ImageBuilder(engine, configuration, new ContainerLimits("256m", 1, 256));
        docker = new TestDocker();
    }

    @AfterAll
    void cleanUp() {
        docker.removeContainers();
        for (String image : images) {
            try {
                docker.client().removeImageCmd(image).withForce(true).exec();
            } catch (NotFoundException gone) {
                // removed with another
            }
        }
        docker.close();
        builder.stop();
        engine.close();
    }

    @Test
    void withTheBacktickEscapeAndATrailingContinuationTheLabelsAreOneStepAndTheRunIsUntouched(@TempDir Path work) throws Exception {
        String dockerfile = String.join("\n",
                "# escape=`",
                "FROM " + LocalStack.busyboxImage(),
                "COPY . /src/",
                "CMD [\"sh\", \"-c\", \"cat /built.txt; ls -A /src; cat /src/Dockerfile\"]",
                "RUN echo built > /built.txt && `",
                "    echo continued >> /built.txt `",
                "",
                "# the end `",
                "");
        Path repository = repository(work, dockerfile, Map.of("notes.txt", "c:\\temp\n"));

        Built built = build(repository, work, new ResolvedDockerfile("Dockerfile", dockerfile, DockerfileOrigin.REPOSITORY, null));

        assertEquals(HOSTILE_AS_SET, labels(built.id()));
        assertEquals("built\ncontinued\nDockerfile\nnotes.txt\n" + dockerfile, docker.run(built.id()),
                "the RUN is the repository's, the repository's Dockerfile is copied as it is, and nothing of Slipway's is");
        assertOneLabelStep(built);
    }

    @Test
    void withTheDefaultEscapeAContinuationAtTheVeryEndAndADockerignoreTheSame(@TempDir Path work) throws Exception {
        String dockerfile = "FROM " + LocalStack.busyboxImage() + "\nCOPY . /src/\nCMD [\"sh\", \"-c\", \"ls -A /src; cat /hi.txt\"]\n"
                + "RUN echo hi > /hi.txt \\";
        Path repository = repository(work, dockerfile, Map.of(".dockerignore", "*.log", "app.log", "noise", "index.html", "hi"));

        Built built = build(repository, work, new ResolvedDockerfile("Dockerfile", dockerfile, DockerfileOrigin.REPOSITORY, null));

        assertEquals(HOSTILE_AS_SET, labels(built.id()));
        assertEquals("Dockerfile\nindex.html\nhi\n", docker.run(built.id()),
                "ignored files stay out; the .dockerignore the engine read (the repository's, with two lines more) too");
        assertOneLabelStep(built);
    }

    @Test
    void aGeneratedDockerfileNextToAFileOfTheSameNameGetsItsLabelsTheSameWay(@TempDir Path work) throws Exception {
        // The repository has a directory called Dockerfile and a file called .slipway.Dockerfile: neither may be shadowed.
        Path repository = repository(work, "", Map.of(".slipway.Dockerfile", "mine\n", "Dockerfile/readme.txt", "a directory\n"));
        String generated = "FROM " + LocalStack.busyboxImage() + "\nCOPY . /src/\nCMD [\"sh\", \"-c\", \"ls -A /src; cat /src/.slipway.Dockerfile\"]\n";

        Built built = build(repository, work, new ResolvedDockerfile(".slipway.Dockerfile", generated, DockerfileOrigin.GENERATED, "static"));

        assertEquals(HOSTILE_AS_SET, labels(built.id()));
        assertEquals(".slipway.Dockerfile\nDockerfile\nmine\n", docker.run(built.id()));
        assertOneLabelStep(built);
    }

    private record Built(String id, String log) {
    }

    private Built build(Path repository, Path work, ResolvedDockerfile dockerfile) throws Exception {
        Path scratch = Files.createDirectories(work.resolve("scratch"));
        Path logFile = work.resolve("build.log");
        ImageReference tag = ImageReference.of(LocalStack.registry(), "slipway-tests/labelled-" + UUID.randomUUID().toString().substring(0, 8), "1");
        String id;
        try (BuildLog log = BuildLog.appendingTo(logFile)) {
            id = builder.build(new ImageBuildRequest(repository, dockerfile.withLabels(HOSTILE), List.of(tag), Map.of(), scratch), log);
        }
        images.add(tag.toString());
        images.add(id);
        return new Built(id, Files.readString(logFile, StandardCharsets.UTF_8));
    }

    private void assertOneLabelStep(Built built) throws Exception {
        assertEquals(1, built.log().lines().filter(line -> line.matches("Step \\d+/\\d+ : LABEL .*")).count(),
                "one LABEL step in the engine's output:\n" + built.log());
        List<String> history = docker.history(built.id());
        assertEquals(1, history.stream().filter(step -> step.contains("LABEL")).count(), "one LABEL layer: " + history);
        assertFalse(history.stream().anyMatch(step -> step.contains("pwned") && !step.contains("LABEL")), "no value became an instruction: " + history);
    }

    private Map<String, String> labels(String image) {
        return docker.client().inspectImageCmd(image).exec().getConfig().getLabels();
    }

    private static Path repository(Path work, String dockerfile, Map<String, String> files) throws Exception {
        Path repository = Files.createDirectories(work.resolve("repository"));
        if (!dockerfile.isEmpty()) {
            Files.writeString(repository.resolve("Dockerfile"), dockerfile);
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = repository.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return repository;
    }

    private static Map<String, String> hostile() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.version", "1.0\" dev.slipway.plan=\"stolen");
        labels.put("org.opencontainers.image.source", "https://example.com/$HOME/${PATH}/$(id)/`id`");
        labels.put("org.opencontainers.image.revision", "back\\slash\\ and ` tick `");
        labels.put("org.opencontainers.image.title", "it's \u2713 caf\u00e9 # not a comment");
        labels.put("org.opencontainers.image.description", "line\nRUN touch /pwned\r\ttab\u2028end\\");
        return labels;
    }

    private static Map<String, String> asSet(Map<String, String> labels) {
        Map<String, String> set = new LinkedHashMap<>();
        labels.forEach((key, value) -> set.put(key, value.replaceAll("[\\x00-\\x1F\\x7F-\\x9F\u2028\u2029]", "\uFFFD")));
        return set;
    }
}
