package dev.slipway.artifact.store;

import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Trigger;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import dev.slipway.events.testing.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilesystemArtifactStoreTest {
    private static final PlanName PLAN = PlanName.of("shop-main");
    private static final CommitSha COMMIT = CommitSha.of("3f45da68399daf74b35561c0f30cf0a2021def4b");

    @TempDir
    Path root;

    @Test
    void eachEventGetsTheNextNumberOfItsPlanOnceEvenAfterARestart() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write("source".getBytes(StandardCharsets.UTF_8)));
        EventId first = EventId.random();
        EventId second = EventId.random();

        assertEquals(1, store.record(PLAN, first, n -> build(n, first, archive)).number().value());
        assertEquals(2, store.record(PLAN, second, n -> build(n, second, archive)).number().value());
        assertEquals(1, store.record(PlanName.of("other-plan"), first, n -> build(PlanName.of("other-plan"), n, first, archive))
                .number().value(), "numbers count per plan");

        FilesystemArtifactStore restarted = new FilesystemArtifactStore(root);
        AtomicInteger calls = new AtomicInteger();
        StoredBuild again = restarted.record(PLAN, first, n -> {
            calls.incrementAndGet();
            return build(n, first, archive);
        });
        assertEquals(1, again.number().value(), "a redelivered event keeps its number");
        assertEquals(0, calls.get(), "and its build is not made again");
        assertEquals(restarted.findByEvent(PLAN, first).orElseThrow(), again);
        EventId third = EventId.random();
        assertEquals(3, restarted.record(PLAN, third, n -> build(n, third, archive)).number().value());
        assertEquals(List.of(3L, 2L, 1L), restarted.builds(PLAN, 10).stream().map(b -> b.number().value()).toList());
        assertEquals(List.of(3L), restarted.builds(PLAN, 1).stream().map(b -> b.number().value()).toList());
    }

    @Test
    void concurrentEventsOfOnePlanNeverShareANumber() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                EventId event = EventId.random();
                // Two stores on one directory stand in for two service instances.
                FilesystemArtifactStore instance = i % 2 == 0 ? store : new FilesystemArtifactStore(root);
                work.add(() -> instance.record(PLAN, event, n -> build(n, event, archive)).number().value());
            }
            Set<Long> numbers = new HashSet<>();
            for (Future<Long> number : pool.invokeAll(work)) {
                numbers.add(number.get());
            }
            assertEquals(40, numbers.size());
            assertEquals(40L, numbers.stream().max(Long::compare).orElseThrow());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondEventOfACommitGetsItsBuildAndARebuildIsTheCommitsNewest() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(7));
        CommitSha other = CommitSha.of("0123456789abcdef0123456789abcdef01234567");
        EventId push = EventId.random();
        EventId merge = EventId.random();
        EventId rebuild = EventId.random();
        EventId replay = EventId.random();
        EventId next = EventId.random();

        StoredBuild first = store.recordUnlessBuilt(PLAN, push, COMMIT, n -> build(n, push, archive));
        AtomicInteger calls = new AtomicInteger();
        StoredBuild again = store.recordUnlessBuilt(PLAN, merge, COMMIT, n -> {
            calls.incrementAndGet();
            return build(n, merge, archive);
        });
        assertEquals(first, again, "the merge of a pushed commit is its build");
        assertEquals(0, calls.get(), "and nothing is built for it");
        assertTrue(store.findByEvent(PLAN, merge).isEmpty(), "the merge event took no number of its own");

        StoredBuild rebuilt = store.record(PLAN, rebuild, n -> build(n, rebuild, archive));
        assertEquals(2, rebuilt.number().value(), "a rebuild that was asked for is a new build");
        assertEquals(rebuilt, new FilesystemArtifactStore(root).findByCommit(PLAN, COMMIT).orElseThrow());
        assertEquals(rebuilt, store.recordUnlessBuilt(PLAN, replay, COMMIT, n -> build(n, replay, archive)));
        assertEquals(3, store.recordUnlessBuilt(PLAN, next, other, n -> build(PLAN, n, next, other, archive)).number().value());
        assertTrue(store.findByCommit(PlanName.of("other-plan"), COMMIT).isEmpty(), "commits count per plan");
    }

    /**
     * A commit's build for the plan's branch and its preview builds are indexed apart: a preview's build is
     * never handed to the branch (it would run only in the preview, so a merged commit would never reach the
     * plan's environments). An index made again from the records keeps them apart too.
     */
    @Test
    void aCommitsPreviewBuildsAreNeverItsBranchBuildEvenInAnIndexMadeFromTheRecords() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(7));
        PullRequest seven = SampleEvents.pullRequest(7).requestedAt(Instant.parse("2026-11-20T10:00:00Z"));
        PullRequest eight = SampleEvents.pullRequest(8);
        EventId opened = EventId.random();
        EventId other = EventId.random();
        EventId merged = EventId.random();

        StoredBuild preview = store.record(PLAN, opened, n -> preview(n, opened, seven, archive));
        StoredBuild previewOfEight = store.record(PLAN, other, n -> preview(n, other, eight, archive));
        assertTrue(store.findByCommit(PLAN, COMMIT).isEmpty(), "the branch has no build of the commit yet");
        StoredBuild branch = store.recordUnlessBuilt(PLAN, merged, COMMIT, n -> build(n, merged, archive));

        assertEquals(List.of(1L, 2L, 3L), Stream.of(preview, previewOfEight, branch).map(b -> b.number().value()).toList());
        assertEquals(seven, preview.pullRequest());
        assertEquals(null, branch.pullRequest());

        Path plan = root.resolve("plans").resolve(PLAN.value());
        deleteRecursively(plan.resolve("commits")); // as an older version left it: made again from the records
        FilesystemArtifactStore restarted = new FilesystemArtifactStore(root);
        assertEquals(branch, restarted.findByCommit(PLAN, COMMIT).orElseThrow());
        assertEquals(preview, restarted.findByCommit(PLAN, COMMIT, seven).orElseThrow(), "the pull request survives its record");
        assertEquals(previewOfEight, restarted.findByCommit(PLAN, COMMIT, eight).orElseThrow());
        assertTrue(restarted.findByCommit(PLAN, COMMIT, SampleEvents.pullRequest(9)).isEmpty());
    }

    @Test
    void concurrentEventsOfOneCommitGetOneBuild() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> work = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                EventId event = EventId.random();
                FilesystemArtifactStore instance = i % 2 == 0 ? store : new FilesystemArtifactStore(root);
                work.add(() -> instance.recordUnlessBuilt(PLAN, event, COMMIT, n -> build(n, event, archive)).number().value());
            }
            Set<Long> numbers = new HashSet<>();
            for (Future<Long> number : pool.invokeAll(work)) {
                numbers.add(number.get());
            }
            assertEquals(Set.of(1L), numbers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStoreWrittenBeforeTheCommitIndexGetsItFromItsBuildRecords() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(3));
        EventId first = EventId.random();
        EventId rebuild = EventId.random();
        store.record(PLAN, first, n -> build(n, first, archive));
        StoredBuild newest = store.record(PLAN, rebuild, n -> build(n, rebuild, archive));
        Path plan = root.resolve("plans").resolve(PLAN.value());
        // What an older version left: build records, no index; and the staging directory of an indexing that crashed.
        deleteRecursively(plan.resolve("commits"));
        Files.createDirectories(plan.resolve("commits.new"));
        Files.writeString(plan.resolve("commits.new").resolve(COMMIT.value()), "1");

        assertEquals(newest, new FilesystemArtifactStore(root).findByCommit(PLAN, COMMIT).orElseThrow());
        assertTrue(Files.notExists(plan.resolve("commits.new")), "no staging directory is left behind");
        EventId replay = EventId.random();
        assertEquals(newest, store.recordUnlessBuilt(PLAN, replay, COMMIT, n -> build(n, replay, archive)));
    }

    @Test
    void identicalArchivesAreStoredOnce() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive first = store.putArchive(out -> out.write("same bytes".getBytes(StandardCharsets.UTF_8)));
        StoredArchive second = store.putArchive(out -> out.write("same bytes".getBytes(StandardCharsets.UTF_8)));
        StoredArchive other = store.putArchive(out -> out.write("other bytes".getBytes(StandardCharsets.UTF_8)));

        assertEquals(first, second);
        assertEquals(sha256("same bytes"), first.sha256().hex());
        assertEquals(10, first.sizeBytes());
        try (Stream<Path> blobs = Files.walk(root.resolve("blobs"))) {
            assertEquals(2, blobs.filter(Files::isRegularFile).count());
        }
        try (InputStream in = store.openArchive(first.sha256()).orElseThrow()) {
            assertEquals("same bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(store.openArchive(other.sha256()).isPresent());
        try (Stream<Path> leftovers = Files.list(root.resolve("tmp"))) {
            assertEquals(0, leftovers.count(), "no temporary files are left behind");
        }
    }

    @Test
    void aBuildIsReadBackAsItWasRecorded() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(42));
        EventId event = EventId.random();
        StoredBuild recorded = store.record(PLAN, event, n -> build(n, event, archive));
        assertEquals(recorded, store.build(new BuildId(PLAN, BuildNumber.of(1))).orElseThrow());
        assertTrue(store.build(new BuildId(PLAN, BuildNumber.of(2))).isEmpty());
        assertTrue(store.builds(PlanName.of("never-built"), 10).isEmpty());
    }

    @Test
    void aTruncatedBuildFileIsReportedByNameAndTheOthersStillRead() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(42));
        EventId first = EventId.random();
        EventId second = EventId.random();
        store.record(PLAN, first, n -> build(n, first, archive));
        store.record(PLAN, second, n -> build(n, second, archive));
        Path buildFile = root.resolve("plans").resolve(PLAN.value()).resolve("builds").resolve("1.json");
        byte[] whole = Files.readAllBytes(buildFile);
        Files.write(buildFile, java.util.Arrays.copyOf(whole, whole.length / 2));

        UnreadableStateFileException unreadable = assertThrows(UnreadableStateFileException.class,
                () -> store.build(new BuildId(PLAN, BuildNumber.of(1))));
        assertEquals(buildFile, unreadable.file());
        assertTrue(unreadable.getMessage().contains(buildFile.toString()), unreadable.getMessage());
        assertThrows(UnreadableStateFileException.class, () -> store.findByEvent(PLAN, first));
        assertEquals(2, store.build(new BuildId(PLAN, BuildNumber.of(2))).orElseThrow().number().value());
    }

    @Test
    void aCorruptNumberFileStopsNumberingItsPlanAndSaysWhichFile() throws Exception {
        FilesystemArtifactStore store = new FilesystemArtifactStore(root);
        StoredArchive archive = store.putArchive(out -> out.write(42));
        EventId first = EventId.random();
        store.record(PLAN, first, n -> build(n, first, archive));
        Path lastNumber = root.resolve("plans").resolve(PLAN.value()).resolve("last-number");
        Files.writeString(lastNumber, "");

        EventId next = EventId.random();
        UnreadableStateFileException unreadable = assertThrows(UnreadableStateFileException.class,
                () -> store.record(PLAN, next, n -> build(n, next, archive)));
        assertEquals(lastNumber, unreadable.file());
        assertTrue(unreadable.getMessage().contains(lastNumber.toString()), unreadable.getMessage());
        assertTrue(store.findByEvent(PLAN, next).isEmpty(), "no number was given out on a guess");
        EventId otherPlan = EventId.random();
        assertEquals(1, store.record(PlanName.of("other-plan"), otherPlan,
                n -> build(PlanName.of("other-plan"), n, otherPlan, archive)).number().value(), "other plans go on");
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static StoredBuild build(BuildNumber number, EventId event, StoredArchive archive) {
        return build(PLAN, number, event, archive);
    }

    private static StoredBuild build(PlanName plan, BuildNumber number, EventId event, StoredArchive archive) {
        return build(plan, number, event, COMMIT, archive);
    }

    private static StoredBuild build(PlanName plan, BuildNumber number, EventId event, CommitSha commit, StoredArchive archive) {
        return new StoredBuild(plan, number, event, Instant.parse("2026-11-20T10:00:00Z"),
                RepositoryUrl.of("https://github.com/slipway/shop.git"), BranchName.of("main"), commit,
                Instant.parse("2026-11-20T09:00:00Z"), Author.of("Zoë Tester", "zoe@example.org"), "Fix ✓",
                Trigger.PUSH, BuildDescriptor.defaults(plan, commit), archive.sha256(), archive.sizeBytes(),
                URI.create("http://127.0.0.1:8082/artifacts/" + plan + "/" + number + "/source.tar.gz"));
    }

    private static StoredBuild preview(BuildNumber number, EventId event, PullRequest pullRequest, StoredArchive archive) {
        StoredBuild plain = build(number, event, archive);
        return new StoredBuild(plain.plan(), plain.number(), plain.commitReceivedId(), plain.storedAt(), plain.repository(),
                pullRequest.sourceBranch(), plain.commit(), plain.commitTime(), plain.author(), plain.message(), Trigger.PULL_REQUEST,
                plain.descriptor(), plain.sha256(), plain.sizeBytes(), plain.artifactUrl(), pullRequest);
    }

    private static void deleteRecursively(Path directory) throws Exception {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
