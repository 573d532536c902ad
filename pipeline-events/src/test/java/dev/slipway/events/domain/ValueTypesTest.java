package dev.slipway.events.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "shop", "shop-main", "a1-b2-c3", "x23456789012345678901234567890123456789012345678901234567890123"})
    void planNamesThatCanBeContainerAndUrlNamesAreAccepted(String name) {
        assertEquals(name, PlanName.of(name).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Shop", "shop_main", "-shop", "shop-", "shop.main", "shop main",
            "x234567890123456789012345678901234567890123456789012345678901234"})
    void planNamesThatCannotBeAreRejectedWithTheRule(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanName.of(name));
        assertTrue(e.getMessage().contains("lowercase letters, digits or '-'"), e.getMessage());
    }

    @Test
    void aSlugTurnsRepositoryAndBranchIntoAPlanName() {
        assertEquals("my-repo-feature-x", PlanName.slug("My_Repo-feature/X").value());
        assertEquals(63, PlanName.slug("a".repeat(100)).value().length());
    }

    @Test
    void buildIdsReadAndWriteAsPlanSlashNumber() {
        BuildId id = BuildId.parse("shop-main/12");
        assertEquals(PlanName.of("shop-main"), id.plan());
        assertEquals(12, id.number().value());
        assertEquals("shop-main/12", id.toString());
        assertEquals("shop-main-12", id.slug());
        assertThrows(IllegalArgumentException.class, () -> BuildId.parse("shop-main/0"));
        assertThrows(IllegalArgumentException.class, () -> BuildId.parse("shop-main"));
    }

    @Test
    void commitShasAreFullAndLowercase() {
        CommitSha sha = CommitSha.of("3F45DA68399DAF74B35561C0F30CF0A2021DEF4B");
        assertEquals("3f45da68399daf74b35561c0f30cf0a2021def4b", sha.value());
        assertEquals("3f45da68399d", sha.shortSha());
        assertThrows(IllegalArgumentException.class, () -> CommitSha.of("3f45da6"));
        assertThrows(IllegalArgumentException.class, () -> CommitSha.of("z".repeat(40)));
    }

    @Test
    void imageReferencesParseRegistryRepositoryTagAndDigest() {
        String digest = "sha256:" + "ab".repeat(32);
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/shop:1.4.0-12@" + digest);
        assertEquals("127.0.0.1:5000", ref.registry());
        assertEquals("team/shop", ref.repository());
        assertEquals("1.4.0-12", ref.tag());
        assertEquals(Digest.of(digest), ref.digest());
        assertEquals("127.0.0.1:5000/team/shop@" + digest, ref.byDigest());
        assertEquals("127.0.0.1:5000/team/shop:1.4.0-12@" + digest, ref.toString());

        ImageReference plain = ImageReference.parse("slipway/busybox:latest");
        assertEquals(null, plain.registry());
        assertEquals("slipway/busybox", plain.repository());
        assertFalse(plain.pinned());
        assertThrows(IllegalStateException.class, plain::byDigest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop:1", "shop:-bad", "shop@sha256:1234", "shop//x", "127.0.0.1:5000/"})
    void invalidImageReferencesAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text));
    }

    @Test
    void branchNamesFollowGitRules() {
        assertEquals("feature/checkout", BranchName.fromRef("refs/heads/feature/checkout").value());
        assertEquals("refs/heads/main", BranchName.of("main").ref());
        for (String bad : new String[]{"a..b", "-x", "x.lock", "a b", "a~1", "x/", "a\u0007b", "refs/heads/main"}) {
            assertThrows(IllegalArgumentException.class, () -> BranchName.of(bad), bad);
        }
    }

    @Test
    void repositoryUrlsNeverCarryAPasswordOrToken() {
        assertEquals("github.com", RepositoryUrl.of("https://github.com/slipway/shop.git").host());
        assertEquals("", RepositoryUrl.of("file:///srv/git/shop.git").host());
        RepositoryUrl.of("ssh://git@bitbucket.org/team/shop.git");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RepositoryUrl.of("https://x-access-token:ghp_secret@github.com/slipway/shop.git"));
        assertFalse(e.getMessage().contains("ghp_secret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RepositoryUrl.of("ftp://example.org/shop.git"));
        assertThrows(IllegalArgumentException.class, () -> RepositoryUrl.of("https:///nohost"));
    }

    @Test
    void digestsAreSha256() {
        assertEquals("ab".repeat(32), Digest.of("SHA256:" + "AB".repeat(32)).hex());
        assertThrows(IllegalArgumentException.class, () -> Digest.of("md5:abc"));
    }
}
