package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.testing.GitDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MirrorCacheTest {
    private static final BranchName MAIN = BranchName.of("main");

    @TempDir
    Path temp;

    @Test
    void aSecondCommitIsFetchedIntoTheSameMirrorAndAKnownCommitNeedsNoNetwork() throws Exception {
        try (TestRepository repository = TestRepository.create(temp.resolve("repos"), "shop");
             GitDaemon daemon = GitDaemon.serve(temp.resolve("repos"))) {
            MirrorCache mirrors = mirrors(Duration.ofSeconds(5));
            RepositoryUrl url = RepositoryUrl.of(daemon.url(repository.directory()));
            CommitSha first = repository.commit("main", "one", Map.of("a.txt", file("a")));
            try (FetchedCommit fetched = mirrors.fetch(url, MAIN, first)) {
                assertTrue(fetched.fetched());
                assertEquals(first.value(), fetched.commit().name());
            }
            CommitSha second = repository.commit("main", "two", Map.of("a.txt", file("a"), "b.txt", file("b")));
            try (FetchedCommit fetched = mirrors.fetch(url, MAIN, second)) {
                assertTrue(fetched.fetched());
                assertEquals(temp.resolve("mirrors").toAbsolutePath(), fetched.repository().getDirectory().toPath().getParent());
            }
            daemon.close(); // from here on, the host is gone
            try (FetchedCommit again = mirrors.fetch(url, MAIN, first)) {
                assertFalse(again.fetched(), "a commit the mirror has needs no network");
            }
        }
    }

    @Test
    void aHostThatAcceptsButNeverAnswersTimesOutAsATransientFailure() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    List<Socket> held = new java.util.ArrayList<>();
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RepositoryUrl url = RepositoryUrl.of("git://127.0.0.1:" + silent.getLocalPort() + "/shop.git");
            long start = System.nanoTime();
            BuildFailure failure = assertThrows(BuildFailure.class,
                    () -> mirrors(Duration.ofSeconds(1)).fetch(url, MAIN, CommitSha.of("3f45da68399daf74b35561c0f30cf0a2021def4b")));
            assertInstanceOf(GitHostUnavailableException.class, failure, failure.getMessage());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().toLowerCase().contains("timed out"), failure.getMessage());
            assertFalse(Thread.currentThread().isInterrupted(), "the timeout must not leave the thread interrupted");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
        }
    }

    @Test
    void aRepositoryTheDaemonDoesNotExportIsNotFoundPermanently() throws Exception {
        try (GitDaemon daemon = GitDaemon.serve(java.nio.file.Files.createDirectories(temp.resolve("empty")))) {
            RepositoryUrl url = RepositoryUrl.of("git://127.0.0.1:" + daemon.port() + "/missing.git");
            BuildFailure failure = assertThrows(BuildFailure.class,
                    () -> mirrors(Duration.ofSeconds(5)).fetch(url, MAIN, CommitSha.of("3f45da68399daf74b35561c0f30cf0a2021def4b")));
            assertInstanceOf(RepositoryNotFoundException.class, failure, failure.getMessage());
            assertFalse(failure.retryable());
        }
    }

    private MirrorCache mirrors(Duration timeout) {
        GitConfiguration configuration = new GitConfiguration(temp.resolve("mirrors"), List.of(), timeout);
        return new MirrorCache(configuration, new GitCredentials(List.of()));
    }
}
