package dev.slipway.webhook.plan;

import dev.slipway.events.domain.Redacted;
import dev.slipway.events.domain.RepositoryUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which configured repository a delivery's one identifying field names, and how messages show it. */
class NamedRepositoryTest {
    private final NamedRepository kasse = new NamedRepository.BitbucketServer("SHOP", "kasse-server");

    @ParameterizedTest
    @ValueSource(strings = {
            "https://git.example.org/scm/shop/kasse-server.git",
            "https://git.example.org/bitbucket/scm/SHOP/kasse-server",
            "ssh://git@git.example.org:7999/shop/kasse-server.git"})
    void aDataCenterProjectKeyAndSlugNameItsCloneUrls(String url) {
        assertTrue(named(kasse, url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://git.example.org/scm/shop/kasse-server-legacy.git",
            "https://git.example.org/shop/kasse-server.git",
            "ssh://git@git.example.org:7999/other/shop/kasse-server.git",
            "ssh://git@github.com/shop/kasse-server.git",
            "https://bitbucket.org/shop/kasse-server.git",
            "file:///srv/git/scm/shop/kasse-server.git"})
    void aDataCenterProjectKeyAndSlugNameNothingElse(String url) {
        assertFalse(named(kasse, url), url);
    }

    @Test
    void aUrlFromABodyIsShownWithoutItsUserOrPassword() {
        assertEquals("https://github.com/acme/shop.git",
                NamedRepository.ByIdentity.ofUrl("https://x-token:ghp_secret@github.com/acme/shop.git").orElseThrow().shown());
        assertEquals("github.com:acme/shop.git", NamedRepository.ByIdentity.ofUrl("ghp_secret@github.com:acme/shop.git").orElseThrow().shown());
        assertEquals("https://github.com/acme/shop.git", Redacted.url("https://github.com/acme/shop.git"));
    }

    private static boolean named(NamedRepository named, String url) {
        RepositoryUrl configured = RepositoryUrl.of(url);
        return named.is(configured, RepositoryIdentity.of(url).orElseThrow());
    }
}
