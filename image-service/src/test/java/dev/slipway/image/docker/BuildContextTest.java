package dev.slipway.image.docker;

import dev.slipway.image.dockerfile.DockerfileOrigin;
import dev.slipway.image.dockerfile.ResolvedDockerfile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tar the engine receives: what the Docker CLI would send for the same directory. */
class BuildContextTest {
    @TempDir
    Path repository;

    @Test
    void dockerignoreIsHonouredForEveryFileOfTheRepositoryItsDockerfileIncluded() throws Exception {
        Files.writeString(repository.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(repository.resolve(".dockerignore"), "# local junk\n*.log\nsecrets\nDockerfile\nbuild/**\n!build/keep.txt\n");
        Files.writeString(repository.resolve("app.log"), "noise");
        Files.createDirectories(repository.resolve("secrets"));
        Files.writeString(repository.resolve("secrets/key"), "k");
        Files.createDirectories(repository.resolve("build"));
        Files.writeString(repository.resolve("build/out.o"), "o");
        Files.writeString(repository.resolve("build/keep.txt"), "keep");
        Files.writeString(repository.resolve("main.c"), "int main(){}");
        Files.createSymbolicLink(repository.resolve("loop"), Path.of("."));

        Map<String, TarArchiveEntry> tar = pack(new ResolvedDockerfile("Dockerfile", "FROM scratch\n", DockerfileOrigin.REPOSITORY, null));

        assertTrue(tar.containsKey(".slipway.Dockerfile"), "the engine reads Slipway's copy: " + tar.keySet());
        assertFalse(tar.containsKey("Dockerfile"), "the repository's, ignored, is left out as the engine would drop it: " + tar.keySet());
        assertTrue(tar.containsKey(".dockerignore"));
        assertTrue(tar.containsKey("main.c"));
        assertTrue(tar.containsKey("build/keep.txt"), "a ! line re-includes: " + tar.keySet());
        assertFalse(tar.containsKey("app.log"));
        assertFalse(tar.containsKey("secrets/key"), "a directory pattern excludes what is inside");
        assertFalse(tar.containsKey("build/out.o"));
        assertTrue(tar.get("loop").isSymbolicLink(), "links are sent as links, so a loop cannot hang the packing");
        assertEquals(0, tar.get("main.c").getLongUserId());
    }

    @Test
    void theRepositorysDockerfileIsSentAsItIsAndTheEngineReadsTheLabelledCopyUnderANameOfItsOwn() throws Exception {
        byte[] own = "FROM scratch\r\nCOPY . /\\\r\n".getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(repository.resolve("docker"));
        Files.write(repository.resolve("docker/app.Dockerfile"), own);
        Files.writeString(repository.resolve(".slipway.Dockerfile"), "a file of the repository that happens to have the name");
        Files.writeString(repository.resolve(".dockerignore"), "!.slipway-2.Dockerfile");

        Map<String, TarArchiveEntry> tar = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        BuildContext context = pack(new ResolvedDockerfile("docker/app.Dockerfile", "FROM scratch\nCOPY . /\nLABEL a=\"1\"\n",
                DockerfileOrigin.REPOSITORY, null), tar, contents);

        assertEquals(".slipway-2.Dockerfile", context.dockerfileName(), "no file of the repository is shadowed");
        assertEquals(new String(own, StandardCharsets.UTF_8), contents.get("docker/app.Dockerfile"), "byte for byte");
        assertEquals("a file of the repository that happens to have the name", contents.get(".slipway.Dockerfile"));
        assertEquals("FROM scratch\nCOPY . /\nLABEL a=\"1\"\n", contents.get(".slipway-2.Dockerfile"));
        assertEquals("!.slipway-2.Dockerfile\n.slipway-2.Dockerfile\n.dockerignore\n", contents.get(".dockerignore"),
                "listed last, so that no line of the repository's can keep them in the image");
        assertEquals(0, tar.get(".slipway-2.Dockerfile").getLastModifiedDate().getTime(), "no clock in the context");
    }

    @Test
    void aGeneratedDockerfileIsAddedToTheTarAndIgnoredForCopy() throws Exception {
        Files.writeString(repository.resolve("index.html"), "hi");
        Files.writeString(repository.resolve(".dockerignore"), "*.md");

        Map<String, TarArchiveEntry> tar = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        BuildContext context = pack(new ResolvedDockerfile("Dockerfile", "FROM x\nCOPY . /www/\n", DockerfileOrigin.GENERATED, "static"),
                tar, contents);

        assertEquals("Dockerfile", context.dockerfileName());
        assertEquals("FROM x\nCOPY . /www/\n", contents.get("Dockerfile"));
        assertEquals("*.md\nDockerfile\n.dockerignore\n", contents.get(".dockerignore"),
                "the engine reads both, then leaves them out of COPY");
        assertFalse(Files.exists(repository.resolve("Dockerfile")), "the repository on disk is untouched");
    }

    private Map<String, TarArchiveEntry> pack(ResolvedDockerfile dockerfile) throws Exception {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        pack(dockerfile, entries, new LinkedHashMap<>());
        return entries;
    }

    private BuildContext pack(ResolvedDockerfile dockerfile, Map<String, TarArchiveEntry> entries, Map<String, String> contents)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildContext context = new BuildContext(repository, dockerfile);
        assertEquals(context.writeTo(out), out.size(), "it counts what it wrote");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().replaceAll("/$", "");
                entries.put(name, entry);
                contents.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return context;
    }
}
