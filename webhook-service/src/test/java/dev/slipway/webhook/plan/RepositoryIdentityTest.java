package dev.slipway.webhook.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repository URLs from configuration and from hostile bodies are compared by what repository they name. */
class RepositoryIdentityTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://github.com/slipway-demo/shop.git",
            "https://github.com/slipway-demo/shop",
            "https://github.com/slipway-demo/shop/",
            "HTTPS://GitHub.COM/Slipway-Demo/Shop.GIT",
            "http://github.com/slipway-demo/shop.git",
            "https://github.com:443/slipway-demo/shop.git",
            "https://x-token:secret@github.com/slipway-demo/shop.git",
            "ssh://git@github.com/slipway-demo/shop.git",
            "ssh://git@github.com:22/slipway-demo/shop.git",
            "git@github.com:slipway-demo/shop.git",
            "git://github.com/slipway-demo/shop.git",
            "https://github.com//slipway-demo//shop.git"})
    void everySpellingOfOneRepositoryHasOneIdentity(String url) {
        assertEquals("github.com/slipway-demo/shop", RepositoryIdentity.of(url).orElseThrow().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://github.com/slipway-demo/shop-legacy.git",
            "https://gitlab.com/slipway-demo/shop.git",
            "https://github.com:8443/slipway-demo/shop.git",
            "ssh://git@git.example.org:7999/slipway-demo/shop.git",
            "https://github.com/slipway-demo/shop.git/extra"})
    void otherRepositoriesDiffer(String url) {
        assertTrue(!RepositoryIdentity.of(url).orElseThrow().value().equals("github.com/slipway-demo/shop"), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not a url", "ftp://github.com/a/b.git", "https://github.com", "https://github.com/",
            "https://github.com/a\nb", "javascript:alert(1)", "mailto:zoe@example.org", "file:"})
    void whatIsNotARepositoryUrlHasNoIdentity(String url) {
        assertTrue(RepositoryIdentity.of(url).isEmpty(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///srv/git/Shop.git", "file:///srv/git/Shop/", "file:/srv/git/Shop"})
    void localRepositoriesKeepTheirPathsCase(String url) {
        assertEquals("file:/srv/git/Shop", RepositoryIdentity.of(url).orElseThrow().value());
    }
}
