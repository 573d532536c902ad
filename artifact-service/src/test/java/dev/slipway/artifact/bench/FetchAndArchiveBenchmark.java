package dev.slipway.artifact.bench;

import dev.slipway.artifact.archive.ArchiveConfiguration;
import dev.slipway.artifact.archive.SourceArchiver;
import dev.slipway.artifact.git.FetchedCommit;
import dev.slipway.artifact.git.GitConfiguration;
import dev.slipway.artifact.git.GitCredentials;
import dev.slipway.artifact.git.MirrorCache;
import dev.slipway.artifact.store.FilesystemArtifactStore;
import dev.slipway.artifact.store.StoredArchive;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.testing.GitDaemon;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.slipway.artifact.testing.TestRepository.file;

/**
 * How long a build of a ~50 MB repository takes once its mirror exists: fetch the new commit over
 * the Git protocol ({@code git daemon}), then archive its tree into the filesystem store. The
 * files are random bytes, so neither Git nor gzip can make them smaller: the worst case.
 *
 * <p>Run with {@code ./mvnw -B -pl artifact-service test -Dtest=FetchAndArchiveBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; it prints its figures and asserts nothing.
 */
class FetchAndArchiveBenchmark {
    private static final int MIB = 1024 * 1024;
    private static final int COMMITS = 5;
    private static final int FILES_PER_COMMIT = 10;
    private static final int NEW_COMMITS = 5;

    @TempDir
    Path temp;

    @Test
    void fetchAndArchiveANewCommitOfA50MbRepository() throws Exception {
        Random random = new Random(42);
        Path served = temp.resolve("served");
        try (TestRepository repository = TestRepository.create(served, "big");
             GitDaemon daemon = GitDaemon.serve(served)) {
            Map<String, TestRepository.Content> tree = new HashMap<>();
            CommitSha head = null;
            long start = System.nanoTime();
            for (int commit = 0; commit < COMMITS; commit++) {
                for (int i = 0; i < FILES_PER_COMMIT; i++) {
                    byte[] bytes = new byte[MIB];
                    random.nextBytes(bytes);
                    ObjectId blob = repository.insertBlob(bytes.length, new ByteArrayInputStream(bytes));
                    tree.put("data/part-" + commit + "-" + i + ".bin", TestRepository.existingBlob(blob));
                }
                tree.put("README.md", file("revision " + commit + "\n"));
                head = repository.commit("main", "Add part " + commit, tree);
            }
            System.out.printf("[bench] repository: %d commits, %d MiB of incompressible files, made in %d ms%n",
                    COMMITS, COMMITS * FILES_PER_COMMIT, millis(start));

            RepositoryUrl url = RepositoryUrl.of(daemon.url(repository.directory()));
            MirrorCache mirrors = new MirrorCache(new GitConfiguration(temp.resolve("mirrors"), List.of(), Duration.ofSeconds(60)), new GitCredentials(List.of()));
            FilesystemArtifactStore store = new FilesystemArtifactStore(temp.resolve("store"));
            BranchName main = BranchName.of("main");

            start = System.nanoTime();
            try (FetchedCommit first = mirrors.fetch(url, main, head)) {
                System.out.printf("[bench] first fetch (empty mirror):             %6d ms%n", millis(start));
            }

            for (int level : new int[]{6, 1}) {
                SourceArchiver archiver = new SourceArchiver(new ArchiveConfiguration(Long.MAX_VALUE, level));
                List<Long> fetches = new ArrayList<>();
                List<Long> archives = new ArrayList<>();
                List<Long> totals = new ArrayList<>();
                long size = 0;
                for (int n = 0; n < NEW_COMMITS; n++) {
                    // A typical change: one file edited, one small file added.
                    tree.put("README.md", file("revision " + level + "-" + n + "\n"));
                    tree.put("src/change-" + level + "-" + n + ".txt", file("change " + n + "\n".repeat(100)));
                    CommitSha next = repository.commit("main", "Change " + n, tree);

                    long began = System.nanoTime();
                    try (FetchedCommit fetched = mirrors.fetch(url, main, next)) {
                        long fetchedAt = System.nanoTime();
                        StoredArchive archive = store.putArchive(out -> archiver.write(fetched.repository(), fetched.commit(), out));
                        long done = System.nanoTime();
                        fetches.add((fetchedAt - began) / 1_000_000);
                        archives.add((done - fetchedAt) / 1_000_000);
                        totals.add((done - began) / 1_000_000);
                        size = archive.sizeBytes();
                    }
                }
                System.out.printf("[bench] gzip level %d, new commit after the first fetch (%d runs; archive %d MiB):%n",
                        level, NEW_COMMITS, size / MIB);
                System.out.printf("[bench]   fetch             median %6d ms  %s%n", median(fetches), fetches);
                System.out.printf("[bench]   archive + store   median %6d ms  %s%n", median(archives), archives);
                System.out.printf("[bench]   fetch + archive   median %6d ms  %s%n", median(totals), totals);
            }
        }
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
