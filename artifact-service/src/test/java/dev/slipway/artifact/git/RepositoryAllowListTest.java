package dev.slipway.artifact.git;

import dev.slipway.events.domain.RepositoryUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepositoryAllowListTest {
    private final RepositoryAllowList list = new RepositoryAllowList(List.of(
            "github.com/slipway", "GitLab.com", "127.0.0.1:9418", "https://git.example.org:8443/team/"));

    @ParameterizedTest
    @ValueSource(strings = {
            "https://github.com/slipway/shop.git",
            "git://github.com/slipway/shop.git",
            "https://github.com/slipway",
            "https://gitlab.com/anyone/anything.git",
            "https://GITLAB.COM./anyone/anything.git",
            "https://gitlab.com:443/anyone/anything.git",
            "git://127.0.0.1/repo.git",
            "git://127.0.0.1:9418/repo.git",
            "https://git.example.org:8443/team/shop.git",
    })
    void allowed(String url) {
        assertDoesNotThrow(() -> list.check(RepositoryUrl.of(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://github.com/slipway-evil/shop.git",      // a prefix is a whole path segment
            "https://github.com/other/shop.git",
            "https://github.com/slipway/../other/shop.git",  // no climbing out of the prefix
            "https://github.com/slipway/%2e%2e/other.git",
            "https://gitlab.com:6379/anyone/anything.git",   // a host entry means the scheme's default port
            "https://gitlab.com.evil.example/x.git",
            "http://169.254.169.254/latest/meta-data",
            "git://127.0.0.1:9419/repo.git",
            "http://git.example.org:8443/team/shop.git",     // the entry names https
            "ssh://git@github.com/slipway/shop.git",
            "file:///etc/shadow",
    })
    void refused(String url) {
        RepositoryNotAllowedException refused = assertThrows(RepositoryNotAllowedException.class,
                () -> list.check(RepositoryUrl.of(url)));
        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().contains("may not be fetched"), refused.getMessage());
    }

    @Test
    void fileRepositoriesMustLieInsideAnAllowedDirectoryEvenThroughSymbolicLinks(@TempDir Path temp) throws Exception {
        Path allowed = Files.createDirectories(temp.resolve("repos"));
        Path outside = Files.createDirectories(temp.resolve("secret.git"));
        Files.createSymbolicLink(allowed.resolve("link.git"), outside);
        Files.createDirectories(allowed.resolve("shop.git"));
        RepositoryAllowList files = new RepositoryAllowList(List.of(allowed.toUri().toString()));

        assertDoesNotThrow(() -> files.check(RepositoryUrl.of(allowed.resolve("shop.git").toUri().toString())));
        assertThrows(RepositoryNotAllowedException.class, () -> files.check(RepositoryUrl.of(allowed.resolve("link.git").toUri().toString())));
        assertThrows(RepositoryNotAllowedException.class, () -> files.check(RepositoryUrl.of(outside.toUri().toString())));
        assertThrows(RepositoryNotAllowedException.class, () -> files.check(RepositoryUrl.of("https://github.com/slipway/shop.git")));
    }

    @Test
    void anEmptyListAllowsNothingAndSaysWhy() {
        RepositoryNotAllowedException refused = assertThrows(RepositoryNotAllowedException.class,
                () -> new RepositoryAllowList(List.of()).check(RepositoryUrl.of("https://github.com/slipway/shop.git")));
        assertTrue(refused.getMessage().contains("slipway.artifact.git.allowed"), refused.getMessage());
    }
}
