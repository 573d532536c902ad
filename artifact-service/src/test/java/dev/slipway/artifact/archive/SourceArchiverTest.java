package dev.slipway.artifact.archive;

import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.domain.CommitSha;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.slipway.artifact.testing.Archives.entries;
import static dev.slipway.artifact.testing.Archives.sha256;
import static dev.slipway.artifact.testing.TestRepository.executable;
import static dev.slipway.artifact.testing.TestRepository.file;
import static dev.slipway.artifact.testing.TestRepository.submodule;
import static dev.slipway.artifact.testing.TestRepository.symlink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceArchiverTest {
    private static final String LONG_NAME = "deeply/" + "nested-directory-with-a-long-name/".repeat(4) + "Überschrift ✓.txt";

    @TempDir
    Path temp;
    private TestRepository repository;
    private final SourceArchiver archiver = new SourceArchiver(new ArchiveConfiguration(1 << 20, 6));

    @BeforeEach
    void createRepository() {
        repository = TestRepository.create(temp, "shop");
    }

    @AfterEach
    void closeRepository() {
        repository.close();
    }

    @Test
    void theSameCommitGivesTheSameBytesWhoeverArchivesItAndWhenever() throws Exception {
        RevCommit commit = commit(sampleTree());
        byte[] first = archive(commit);
        String user = System.getProperty("user.name");
        Thread.sleep(1100); // a second later: no entry may carry the clock
        System.setProperty("user.name", "somebody-else");
        try {
            byte[] second = archive(commit);
            assertArrayEquals(first, second);
            assertEquals(sha256(first), sha256(second));
        } finally {
            System.setProperty("user.name", user);
        }
    }

    @Test
    void entriesAreTheTreeInGitOrderWithNormalisedOwnersModesAndTimes() throws Exception {
        RevCommit commit = commit(sampleTree());
        List<TarArchiveEntry> entries = entries(archive(commit));

        assertEquals(List.of("README.md", "bin/", "bin/run.sh", "current", LONG_NAME.substring(0, LONG_NAME.indexOf('/') + 1)),
                entries.stream().map(TarArchiveEntry::getName).limit(5).toList());
        long commitSeconds = Instant.parse("2026-11-20T09:00:00Z").getEpochSecond();
        for (TarArchiveEntry entry : entries) {
            assertEquals(commitSeconds, entry.getModTime().toInstant().getEpochSecond(), entry.getName());
            assertEquals(0, entry.getLongUserId(), entry.getName());
            assertEquals(0, entry.getLongGroupId(), entry.getName());
            assertEquals("", entry.getUserName(), entry.getName());
            assertEquals("", entry.getGroupName(), entry.getName());
        }
        Map<String, TarArchiveEntry> byName = new LinkedHashMap<>();
        entries.forEach(e -> byName.put(e.getName(), e));
        assertEquals(0644, byName.get("README.md").getMode() & 07777);
        assertEquals(0755, byName.get("bin/run.sh").getMode() & 07777);
        assertEquals(0755, byName.get("bin/").getMode() & 07777);
        assertTrue(byName.get("current").isSymbolicLink(), "a symbolic link stays a link");
        assertEquals("bin/run.sh", byName.get("current").getLinkName());
        assertTrue(byName.containsKey(LONG_NAME), "long and non-ASCII names survive: " + byName.keySet());
        assertTrue(byName.keySet().stream().noneMatch(n -> n.startsWith("vendor/lib")), "submodules are left out");
    }

    @Test
    void theGzipHeaderCarriesNoTimeNameOrOperatingSystem() throws Exception {
        byte[] archive = archive(commit(sampleTree()));
        assertEquals(0x1f, archive[0] & 0xff);
        assertEquals(0x8b, archive[1] & 0xff);
        assertEquals(0, archive[3], "no FNAME, FCOMMENT or FEXTRA flags");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(archive, 4, 8), "MTIME is zero");
        assertEquals(255, archive[9] & 0xff, "OS is 'unknown'");
    }

    @Test
    void aHostileTreeLosesItsGitDirectory() throws Exception {
        Map<String, TestRepository.Content> tree = new LinkedHashMap<>(sampleTree());
        tree.put(".git/config", file("[core]\n\tfsmonitor = rm -rf /\n"));
        tree.put("src/.GIT/hooks/post-checkout", executable("#!/bin/sh\n"));
        List<String> names = entries(archive(commit(tree))).stream().map(TarArchiveEntry::getName).toList();
        assertTrue(names.stream().noneMatch(n -> n.toLowerCase().contains(".git/")), names.toString());
        assertTrue(names.contains("README.md"));
    }

    @Test
    void aTreeLargerThanTheLimitIsRefused() {
        SourceArchiver small = new SourceArchiver(new ArchiveConfiguration(2048, 6));
        RevCommit commit = commit(Map.of("big.bin", TestRepository.bytes(new byte[4096])));
        ArchiveTooLargeException refused = assertThrows(ArchiveTooLargeException.class,
                () -> small.write(repository.repository(), commit, new ByteArrayOutputStream()));
        assertTrue(refused.getMessage().contains("slipway.artifact.archive.max-bytes"), refused.getMessage());
        assertEquals(false, refused.retryable());
    }

    private static Map<String, TestRepository.Content> sampleTree() {
        Map<String, TestRepository.Content> tree = new LinkedHashMap<>();
        tree.put("README.md", file("# Shop\n"));
        tree.put("bin/run.sh", executable("#!/bin/sh\necho run\n"));
        tree.put("current", symlink("bin/run.sh"));
        tree.put("vendor/lib", submodule("3f45da68399daf74b35561c0f30cf0a2021def4b"));
        tree.put(LONG_NAME, file("long\n"));
        return tree;
    }

    private RevCommit commit(Map<String, TestRepository.Content> tree) {
        CommitSha sha = repository.commit("main", "Add the shop", tree);
        try (RevWalk walk = new RevWalk(repository.repository())) {
            return walk.parseCommit(ObjectId.fromString(sha.value()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] archive(RevCommit commit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        archiver.write(repository.repository(), commit, out);
        return out.toByteArray();
    }

}
