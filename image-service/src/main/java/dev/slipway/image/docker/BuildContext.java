package dev.slipway.image.docker;

import com.github.dockerjava.core.GoLangFileMatch;
import dev.slipway.image.dockerfile.DockerfileOrigin;
import dev.slipway.image.dockerfile.ResolvedDockerfile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Packs an extracted repository into the tar that {@code docker build} reads, as the Docker CLI
 * would: {@code .dockerignore} is honoured, links are sent as links (never followed, so a link
 * loop cannot hang the packing), and owners are root.
 *
 * <p>A generated Dockerfile is added to the tar only (the repository on disk stays as it was) and
 * listed in the tar's {@code .dockerignore}, so the engine reads it but {@code COPY .} does not put
 * it into the image.
 */
final class BuildContext {
    static final String DOCKERIGNORE = ".dockerignore";

    private final Path root;
    private final ResolvedDockerfile dockerfile;
    private final List<IgnorePattern> ignores = new ArrayList<>();
    private final String dockerignoreText;

    BuildContext(Path root, ResolvedDockerfile dockerfile) throws IOException {
        this.root = root;
        this.dockerfile = dockerfile;
        Path own = root.resolve(DOCKERIGNORE);
        String text = Files.isRegularFile(own, LinkOption.NOFOLLOW_LINKS) ? Files.readString(own, StandardCharsets.UTF_8) : "";
        if (dockerfile.origin() == DockerfileOrigin.GENERATED) {
            text = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + dockerfile.pathInContext() + "\n" + DOCKERIGNORE + "\n";
        }
        this.dockerignoreText = text;
        for (String line : text.split("\n")) {
            IgnorePattern.parse(line).ifPresent(ignores::add);
        }
    }

    void writeTo(OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(out, 64 * 1024))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(p -> !p.equals(root)).sorted().toList();
            }
            String generatedName = dockerfile.origin() == DockerfileOrigin.GENERATED ? dockerfile.pathInContext() : null;
            for (Path path : paths) {
                String name = root.relativize(path).toString().replace('\\', '/');
                if (name.equals(generatedName) || name.equals(DOCKERIGNORE)) {
                    continue;
                }
                // The Dockerfile is always sent, as the CLI does; the engine drops it if it is ignored.
                if (!name.equals(dockerfile.pathInContext()) && ignored(name)) {
                    continue;
                }
                addPath(tar, path, name);
            }
            if (!dockerignoreText.isEmpty()) {
                addText(tar, DOCKERIGNORE, dockerignoreText);
            }
            if (generatedName != null) {
                addText(tar, generatedName, dockerfile.content());
            }
            tar.finish();
        }
    }

    private boolean ignored(String name) {
        boolean excluded = false;
        for (IgnorePattern pattern : ignores) {
            if (pattern.matches(name)) {
                excluded = !pattern.exception();
            }
        }
        return excluded;
    }

    private static void addPath(TarArchiveOutputStream tar, Path path, String name) throws IOException {
        TarArchiveEntry entry;
        boolean regular = false;
        if (Files.isSymbolicLink(path)) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
            entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE | 0777);
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            entry = new TarArchiveEntry(name + "/");
            entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE);
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            entry = new TarArchiveEntry(name);
            entry.setSize(Files.size(path));
            entry.setMode(Files.isExecutable(path) ? 0100755 : 0100644);
            regular = true;
        } else {
            return;
        }
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setModTime(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis());
        tar.putArchiveEntry(entry);
        if (regular) {
            Files.copy(path, tar);
        }
        tar.closeArchiveEntry();
    }

    private static void addText(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0100644);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    /**
     * One {@code .dockerignore} line, matched as Docker's own matcher does: a path is excluded when
     * the pattern matches it or one of its parent directories; a later {@code !} line re-includes.
     */
    record IgnorePattern(String pattern, boolean exception, int depth) {
        static Optional<IgnorePattern> parse(String line) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                return Optional.empty();
            }
            boolean exception = text.startsWith("!");
            if (exception) {
                text = text.substring(1).strip();
            }
            text = Path.of("/" + text).normalize().toString().substring(1);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IgnorePattern(text, exception, text.split("/").length));
        }

        boolean matches(String name) {
            if (safeMatch(pattern, name)) {
                return true;
            }
            String[] parts = name.split("/");
            if (parts.length > 1 && depth < parts.length) {
                return safeMatch(pattern, String.join("/", Arrays.copyOf(parts, depth)));
            }
            return false;
        }

        private static boolean safeMatch(String pattern, String name) {
            try {
                return GoLangFileMatch.match(pattern, name);
            } catch (RuntimeException invalidPattern) {
                return false;
            }
        }
    }
}
