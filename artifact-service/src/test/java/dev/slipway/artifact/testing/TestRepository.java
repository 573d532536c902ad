package dev.slipway.artifact.testing;

import dev.slipway.events.domain.CommitSha;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A real bare Git repository, written object by object with JGit, so that a test controls every
 * detail of a commit: its time, modes, symbolic links, submodules, and even entries that Git's
 * porcelain would refuse (a hostile {@code .git} directory).
 */
public final class TestRepository implements AutoCloseable {
    public static final PersonIdent AUTHOR_BASE = new PersonIdent("Zoë Tester", "zoe@example.org");

    private final Path directory;
    private final Repository repository;
    private Instant nextTime = Instant.parse("2026-11-20T09:00:00Z");

    private TestRepository(Path directory, Repository repository) {
        this.directory = directory;
        this.repository = repository;
    }

    /** Creates {@code parent/name.git}. */
    public static TestRepository create(Path parent, String name) {
        Path directory = parent.resolve(name + ".git");
        try {
            Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
            repository.create(true);
            return new TestRepository(directory, repository);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Content file(String text) {
        return new Content(FileMode.REGULAR_FILE, () -> text.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Content bytes(byte[] bytes) {
        return new Content(FileMode.REGULAR_FILE, () -> bytes, null);
    }

    public static Content executable(String text) {
        return new Content(FileMode.EXECUTABLE_FILE, () -> text.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Content symlink(String target) {
        return new Content(FileMode.SYMLINK, () -> target.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Content submodule(String commit) {
        return new Content(FileMode.GITLINK, null, ObjectId.fromString(commit));
    }

    /** Commits exactly {@code files} (paths with '/') on {@code branch}, on top of its current head. */
    public CommitSha commit(String branch, String message, Map<String, Content> files) {
        return commitOn(Constants.R_HEADS + branch, Constants.R_HEADS + branch, message, files);
    }

    /**
     * A pull request's head as GitHub keeps it ({@code refs/pull/N/head}): a commit on top of
     * {@code base}'s head that is on no branch of this repository (it came from a fork).
     */
    public CommitSha pullRequest(int number, String base, String message, Map<String, Content> files) {
        return commitOn("refs/pull/" + number + "/head", Constants.R_HEADS + base, message, files);
    }

    /** Points {@code branch} at {@code commit}: a fast-forward merge, or a force-push. */
    public void moveBranch(String branch, CommitSha commit) {
        try {
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(ObjectId.fromString(commit.value()));
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.FORCED) {
                throw new IllegalStateException("could not move " + branch + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits {@code files} on top of {@code parentRef}'s head (if it has one) and points {@code ref} at it. */
    private CommitSha commitOn(String ref, String parentRef, String message, Map<String, Content> files) {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId tree = writeTree(inserter, nest(files));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            ObjectId parent = repository.resolve(parentRef);
            if (parent != null) {
                commit.setParentId(parent);
            }
            PersonIdent ident = new PersonIdent(AUTHOR_BASE, nextTime, ZoneOffset.ofHours(1));
            nextTime = nextTime.plusSeconds(60);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(id);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.FORCED) {
                throw new IllegalStateException("could not move " + ref + ": " + result);
            }
            return CommitSha.of(id.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts one large blob from a stream without holding it in memory (for the benchmark). */
    public ObjectId insertBlob(long length, InputStream content) {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId id = inserter.insert(Constants.OBJ_BLOB, length, content);
            inserter.flush();
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Content existingBlob(ObjectId blob) {
        return new Content(FileMode.REGULAR_FILE, null, blob);
    }

    public Path directory() {
        return directory;
    }

    public String fileUrl() {
        return directory.toUri().toString();
    }

    public Repository repository() {
        return repository;
    }

    @Override
    public void close() {
        repository.close();
    }

    /** What one path holds: a blob (file, executable, link target) or, for a submodule, a commit id. */
    public record Content(FileMode mode, Supplier<byte[]> bytes, ObjectId id) {
    }

    private static Map<String, Object> nest(Map<String, Content> files) {
        Map<String, Object> root = new TreeMap<>();
        for (Map.Entry<String, Content> file : files.entrySet()) {
            String[] parts = file.getKey().split("/");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<>());
                node = child;
            }
            node.put(parts[parts.length - 1], file.getValue());
        }
        return root;
    }

    private static ObjectId writeTree(ObjectInserter inserter, Map<String, Object> node) throws IOException {
        Map<String, ObjectId> ids = new LinkedHashMap<>();
        Map<String, FileMode> modes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : node.entrySet()) {
            if (entry.getValue() instanceof Content content) {
                ObjectId id = content.id() != null ? content.id()
                        : inserter.insert(Constants.OBJ_BLOB, content.bytes().get());
                ids.put(entry.getKey(), id);
                modes.put(entry.getKey(), content.mode());
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) entry.getValue();
                ids.put(entry.getKey(), writeTree(inserter, child));
                modes.put(entry.getKey(), FileMode.TREE);
            }
        }
        // Git sorts a tree's entries bytewise, comparing a subtree as if its name ended in '/'.
        List<String> names = new ArrayList<>(ids.keySet());
        names.sort(Comparator.comparing(name -> gitSortKey(name, modes.get(name)), TestRepository::compareBytes));
        TreeFormatter tree = new TreeFormatter();
        for (String name : names) {
            tree.append(name, modes.get(name), ids.get(name));
        }
        return inserter.insert(tree);
    }

    private static byte[] gitSortKey(String name, FileMode mode) {
        return (mode == FileMode.TREE ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
