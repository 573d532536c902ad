package dev.slipway.artifact.store;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Quoted;
import dev.slipway.infrastructure.files.AtomicFiles;
import dev.slipway.infrastructure.files.JsonStateFiles;
import dev.slipway.infrastructure.files.StagedFile;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded store: plain files under one root directory.
 * <pre>
 * blobs/sha256/ab/abcd...ef.tar.gz    archives, named by their sha256, written once
 * plans/PLAN/last-number             the plan's highest number handed out
 * plans/PLAN/events/EVENT-ID          the number given to a CommitReceived event
 * plans/PLAN/builds/NUMBER.json       the build's metadata
 * plans/PLAN/commits/SHA              the number of the commit's newest build of the plan's branch
 * plans/PLAN/commits/SHA.pr-N         the number of its newest build as the preview of pull request N
 * </pre>
 * Every file is written to a temporary name, forced to disk and renamed into place
 * ({@link AtomicFiles}), so a crash leaves either the old state or the new one. A number is
 * handed out by writing {@code last-number} first and the event's number second: a crash in
 * between loses a number (a gap) but can never give one number to two events. The commit's file
 * is written last, once the build's metadata is there, so it never names a build that is not.
 * Numbering and the commit index hold a lock per plan, in this process and on the plan's lock
 * file, so that two instances sharing the directory cannot number the same plan at once.
 *
 * <p>A store written by a version without the commit index gets it the first time a plan's
 * commits are looked up: built from the build records, in a directory of its own that is renamed
 * into place when whole.
 *
 * <p>A file that is there but cannot be read (truncated by a crash of an older version, edited by
 * hand) is an {@link UnreadableStateFileException} that names it. It is never guessed around: a
 * number read wrongly could be given out twice.
 */
@Singleton
public final class FilesystemArtifactStore implements ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemArtifactStore.class);
    private static final Pattern BUILD_FILE = Pattern.compile("([0-9]{1,18})\\.json");
    private static final String COMMITS = "commits";

    private final Path blobs;
    private final Path plans;
    private final Path temporary;
    /**
     * File locks belong to the whole JVM (a second lock on the same file throws), so threads of
     * this process, in any store instance, first queue on this lock per plan directory.
     */
    private static final ConcurrentHashMap<Path, Object> PLAN_LOCKS = new ConcurrentHashMap<>();

    @Inject
    public FilesystemArtifactStore(StoreConfiguration configuration) {
        this(configuration.root());
    }

    public FilesystemArtifactStore(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        this.blobs = absolute.resolve("blobs").resolve("sha256");
        this.plans = absolute.resolve("plans");
        this.temporary = absolute.resolve("tmp");
    }

    @Override
    public StoredArchive putArchive(ArchiveWriter archive) throws IOException {
        // A blob is named by its digest, known only once it is written: hashed on its way to the staged file.
        try (StagedFile staged = AtomicFiles.stage(temporary)) {
            HashingStream hashing = new HashingStream(staged.output());
            archive.writeTo(hashing);
            StoredArchive stored = new StoredArchive(hashing.digest(), hashing.size());
            Path blob = blobPath(stored.sha256());
            // Stored by content: a blob that is there already holds these very bytes, whoever wrote it.
            if (!Files.exists(blob)) {
                staged.commit(blob);
            }
            return stored;
        }
    }

    @Override
    public Optional<StoredBuild> findByEvent(PlanName plan, EventId commitReceived) throws IOException {
        Optional<BuildNumber> number = readNumber(eventFile(plan, commitReceived));
        return number.isEmpty() ? Optional.empty() : build(new BuildId(plan, number.get()));
    }

    @Override
    public Optional<StoredBuild> findByCommit(PlanName plan, CommitSha commit, PullRequest pullRequest) throws IOException {
        Path planDirectory = plans.resolve(plan.value());
        if (!Files.isDirectory(planDirectory)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(planDirectory.resolve(COMMITS))) {
            locked(planDirectory, () -> {
                indexCommits(plan, planDirectory);
                return null;
            });
        }
        return builtCommit(plan, commit, pullRequest);
    }

    @Override
    public StoredBuild record(PlanName plan, EventId commitReceived, Function<BuildNumber, StoredBuild> build) throws IOException {
        return locked(plans.resolve(plan.value()), () -> numbered(plan, commitReceived, build));
    }

    @Override
    public StoredBuild recordUnlessBuilt(PlanName plan, EventId commitReceived, CommitSha commit,
                                         Function<BuildNumber, StoredBuild> build) throws IOException {
        Path planDirectory = plans.resolve(plan.value());
        return locked(planDirectory, () -> {
            if (readNumber(eventFile(plan, commitReceived)).isEmpty()) {
                indexCommits(plan, planDirectory);
                Optional<StoredBuild> built = builtCommit(plan, commit, null);
                if (built.isPresent()) {
                    return built.get();
                }
            }
            return numbered(plan, commitReceived, build);
        });
    }

    /** Numbers the event's build exactly once; call it holding the plan's lock. */
    private StoredBuild numbered(PlanName plan, EventId commitReceived, Function<BuildNumber, StoredBuild> build) throws IOException {
        Path planDirectory = plans.resolve(plan.value());
        Path eventFile = eventFile(plan, commitReceived);
        Optional<BuildNumber> assigned = readNumber(eventFile);
        if (assigned.isPresent()) {
            Optional<StoredBuild> existing = build(new BuildId(plan, assigned.get()));
            if (existing.isPresent()) {
                // Stored, then interrupted before its commit was indexed: index it now (unless a rebuild is newer).
                if (!Files.exists(commitFile(existing.get())) && Files.isDirectory(planDirectory.resolve(COMMITS))) {
                    AtomicFiles.write(commitFile(existing.get()), numberBytes(assigned.get()));
                }
                return existing.get();
            }
            // Numbered, then interrupted before its metadata was written: finish it under the same number.
        }
        BuildNumber number = assigned.isPresent() ? assigned.get() : nextNumber(planDirectory);
        if (assigned.isEmpty()) {
            AtomicFiles.write(planDirectory.resolve("last-number"), numberBytes(number));
            AtomicFiles.write(eventFile, numberBytes(number));
        }
        StoredBuild stored = build.apply(number);
        if (!stored.build().equals(new BuildId(plan, number)) || !stored.commitReceivedId().equals(commitReceived)) {
            throw new IllegalArgumentException("build record " + stored.build() + " for event " + stored.commitReceivedId()
                    + " does not match the number " + number + " given to event " + commitReceived);
        }
        JsonStateFiles.write(buildFile(new BuildId(plan, number)), stored);
        indexCommits(plan, planDirectory);
        AtomicFiles.write(commitFile(stored), numberBytes(number));
        return stored;
    }

    /** The commit's newest build, from the index; a number whose build is not there (yet) counts as none. */
    private Optional<StoredBuild> builtCommit(PlanName plan, CommitSha commit, PullRequest pullRequest) throws IOException {
        Optional<BuildNumber> number = readNumber(commitFile(plan, commit, pullRequest));
        return number.isEmpty() ? Optional.empty() : build(new BuildId(plan, number.get()));
    }

    /**
     * Makes the plan's commit index if it has none: a store written by an older version has build
     * records but no index. Built whole in a directory of its own, then renamed into place, so a
     * crash leaves no half index. A build record that cannot be read is left out (and logged): its
     * commit may then be built again, but no number is ever guessed. Call it holding the plan's lock.
     */
    private void indexCommits(PlanName plan, Path planDirectory) throws IOException {
        Path index = planDirectory.resolve(COMMITS);
        if (Files.isDirectory(index)) {
            return;
        }
        Path staging = planDirectory.resolve(COMMITS + ".new");
        deleteRecursively(staging);
        Files.createDirectories(staging);
        // Oldest first, so that a commit built more than once ends up naming its newest build.
        for (long value : buildNumbers(planDirectory).stream().sorted().toList()) {
            BuildNumber number = BuildNumber.of(value);
            try {
                Optional<StoredBuild> build = build(new BuildId(plan, number));
                if (build.isPresent()) {
                    AtomicFiles.write(staging.resolve(commitKey(build.get().commit(), build.get().pullRequest())), numberBytes(number));
                }
            } catch (UnreadableStateFileException e) {
                LOG.warn("Indexing the commits of plan {}: {}; its commit is left out of the index", plan, e.getMessage());
            }
        }
        Files.move(staging, index, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs {@code work} holding the plan's lock: in this process, then on the plan's lock file against other instances. */
    private static <T> T locked(Path planDirectory, LockedWork<T> work) throws IOException {
        Files.createDirectories(planDirectory.resolve("events"));
        Files.createDirectories(planDirectory.resolve("builds"));
        synchronized (PLAN_LOCKS.computeIfAbsent(planDirectory, p -> new Object())) {
            try (FileChannel lockFile = FileChannel.open(planDirectory.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                return work.run();
            }
        }
    }

    @FunctionalInterface
    private interface LockedWork<T> {
        T run() throws IOException;
    }

    private static byte[] numberBytes(BuildNumber number) {
        return number.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public List<StoredBuild> builds(PlanName plan, int limit) throws IOException {
        List<Long> numbers = buildNumbers(plans.resolve(plan.value())).stream()
                .sorted(Comparator.reverseOrder())
                .limit(Math.max(0, limit))
                .toList();
        List<StoredBuild> builds = new ArrayList<>();
        for (long number : numbers) {
            build(BuildId.of(plan, number)).ifPresent(builds::add);
        }
        return builds;
    }

    /** @throws UnreadableStateFileException when the build's file is there but is not a whole build record */
    @Override
    public Optional<StoredBuild> build(BuildId build) {
        return JsonStateFiles.read(buildFile(build), StoredBuild.class);
    }

    @Override
    public Optional<InputStream> openArchive(Digest sha256) throws IOException {
        try {
            return Optional.of(Files.newInputStream(blobPath(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private BuildNumber nextNumber(Path planDirectory) throws IOException {
        long last = readNumber(planDirectory.resolve("last-number")).map(BuildNumber::value).orElse(0L);
        // Builds on disk count too, so that a lost or older last-number file can never lead to a number being reused.
        long highestBuild = buildNumbers(planDirectory).stream().max(Long::compare).orElse(0L);
        return BuildNumber.of(Math.max(last, highestBuild) + 1);
    }

    private static List<Long> buildNumbers(Path planDirectory) throws IOException {
        Path builds = planDirectory.resolve("builds");
        if (!Files.isDirectory(builds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(builds)) {
            return files.map(f -> BUILD_FILE.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .filter(n -> n > 0)
                    .toList();
        }
    }

    /** @throws UnreadableStateFileException when the file is there but does not hold a build number */
    private static Optional<BuildNumber> readNumber(Path file) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(BuildNumber.of(Long.parseLong(text)));
        } catch (IllegalArgumentException e) {
            throw new UnreadableStateFileException(file,
                    new IllegalArgumentException(Quoted.of(text) + " is not a build number", e));
        }
    }

    private Path eventFile(PlanName plan, EventId event) {
        return plans.resolve(plan.value()).resolve("events").resolve(event.toString());
    }

    private Path commitFile(PlanName plan, CommitSha commit, PullRequest pullRequest) {
        return plans.resolve(plan.value()).resolve(COMMITS).resolve(commitKey(commit, pullRequest));
    }

    private Path commitFile(StoredBuild build) {
        return commitFile(build.plan(), build.commit(), build.pullRequest());
    }

    /**
     * The commit alone for a build of the plan's branch (as stores written before previews have it), with the
     * pull request's number for a preview: a commit's branch build and its previews are found apart.
     */
    private static String commitKey(CommitSha commit, PullRequest pullRequest) {
        return pullRequest == null ? commit.value() : commit.value() + "." + PullRequest.ENVIRONMENT_PREFIX + pullRequest.number();
    }

    private Path buildFile(BuildId build) {
        return plans.resolve(build.plan().value()).resolve("builds").resolve(build.number() + ".json");
    }

    private Path blobPath(Digest sha256) {
        return blobs.resolve(sha256.hex().substring(0, 2)).resolve(sha256.hex() + ".tar.gz");
    }

    /** Counts and hashes what passes through, so the archive is read once: while it is written. */
    private static final class HashingStream extends FilterOutputStream {
        private final MessageDigest sha256;
        private long size;

        HashingStream(OutputStream out) {
            super(out);
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha256.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            sha256.update(bytes, offset, length);
            size += length;
        }

        Digest digest() {
            return Digest.sha256(sha256.digest());
        }

        long size() {
            return size;
        }
    }
}
