package dev.slipway.image.docker;

import com.github.dockerjava.core.GoLangFileMatch;
import dev.slipway.image.dockerfile.DockerfileOrigin;
import dev.slipway.image.dockerfile.ResolvedDockerfile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
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
 * <p>The engine reads a Dockerfile of Slipway's own: the generated one, or the repository's with
 * the image's labels appended ({@link ResolvedDockerfile#withLabels}). It is added to the tar only
 * (the repository on disk stays as it was), under a name no file of the repository has, and that
 * name and {@code .dockerignore} are appended to the tar's {@code .dockerignore}: the engine reads
 * both, then drops them from the context, so {@code COPY .} puts neither into the image. Every file
 * of the repository, its own Dockerfile included, goes into the tar byte for byte, or not at all
 * when its {@code .dockerignore} excludes it (which is what the engine would leave of it). The one
 * difference from a plain {@code docker build}: a {@code .dockerignore} that does not exclude
 * itself would have been copied by {@code COPY .}; it is not, because the one the engine reads is
 * not the repository's.
 */
final class BuildContext {
    static final String DOCKERIGNORE = ".dockerignore";
    private static final String OWN_NAME = ".slipway";
    private static final String OWN_SUFFIX = ".Dockerfile";

    private final Path root;
    private final ResolvedDockerfile dockerfile;
    private final String dockerfileName;
    private final List<IgnorePattern> ignores = new ArrayList<>();
    private final String dockerignoreText;

    /** @param dockerfile what the engine is to read (already labelled) */
    BuildContext(Path root, ResolvedDockerfile dockerfile) throws IOException {
        this.root = root;
        this.dockerfile = dockerfile;
        this.dockerfileName = ownName(root, dockerfile);
        Path own = root.resolve(DOCKERIGNORE);
        String text = Files.isRegularFile(own, LinkOption.NOFOLLOW_LINKS) ? Files.readString(own, StandardCharsets.UTF_8) : "";
        for (String line : text.split("\n")) {
            IgnorePattern.parse(line).ifPresent(ignores::add);
        }
        // Last, so that no "!" line of the repository's brings them back.
        this.dockerignoreText = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + dockerfileName + "\n" + DOCKERIGNORE + "\n";
    }

    /** The name of the Dockerfile the engine reads ({@code dockerfile} of {@code POST /build}). */
    String dockerfileName() {
        return dockerfileName;
    }

    /**
     * A generated Dockerfile keeps the name the resolver gave it while no file has it; anything
     * else is {@code .slipway.Dockerfile}, or {@code .slipway-2.Dockerfile} and on if the
     * repository has that.
     */
    private static String ownName(Path root, ResolvedDockerfile dockerfile) {
        if (dockerfile.origin() == DockerfileOrigin.GENERATED && !dockerfile.pathInContext().contains("/")
                && !Files.exists(root.resolve(dockerfile.pathInContext()), LinkOption.NOFOLLOW_LINKS)) {
            return dockerfile.pathInContext();
        }
        String name = OWN_NAME + OWN_SUFFIX;
        for (int n = 2; Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS); n++) {
            name = OWN_NAME + "-" + n + OWN_SUFFIX;
        }
        return name;
    }

    /** @return the number of bytes written */
    long writeTo(OutputStream out) throws IOException {
        CountingOutputStream counted = new CountingOutputStream(out);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(counted, 64 * 1024))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(p -> !p.equals(root)).sorted().toList();
            }
            for (Path path : paths) {
                String name = root.relativize(path).toString().replace('\\', '/');
                if (name.equals(dockerfileName) || name.equals(DOCKERIGNORE) || ignored(name)) {
                    continue;
                }
                addPath(tar, path, name);
            }
            addText(tar, DOCKERIGNORE, dockerignoreText);
            addText(tar, dockerfileName, dockerfile.content());
            tar.finish();
        }
        return counted.count;
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

    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
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
