package dev.slipway.events.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever Slipway shows, URLs in it are shown without their user part, and nothing else changes. */
class RedactedTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://ghp_abc@github.com/acme/shop.git | https://github.com/acme/shop.git",
            "could not fetch https://x-access-token:ghp_abc@github.com/acme/shop.git: not authorized | could not fetch https://github.com/acme/shop.git: not authorized",
            "HTTPS://user:p@ss@host:8443/x and git://bob@host/y | HTTPS://host:8443/x and git://host/y",
            "https://github.com/acme/shop.git at zoe@example.org | https://github.com/acme/shop.git at zoe@example.org",
            "file:///srv/git/shop.git | file:///srv/git/shop.git",
    })
    void userInfoIsLeftOutOfEveryUrlInATextAndNothingElse(String text, String shown) {
        assertEquals(shown, Redacted.urlsIn(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://ghp_abc@github.com/acme/shop.git | https://github.com/acme/shop.git",
            "ftp://user:pa55@host/x | ftp://host/x",
            "git@github.com:acme/shop.git | github.com:acme/shop.git",
            "https://github.com/acme/shop.git | https://github.com/acme/shop.git",
    })
    void aUrlIsShownWithoutItsUserPart(String url, String shown) {
        assertEquals(shown, Redacted.url(url));
    }

    @Test
    void aRepositoryUrlKnowsItsUserPartAndDropsIt() {
        RepositoryUrl withToken = RepositoryUrl.of("https://ghp_abc@github.com/acme/shop.git");
        assertTrue(withToken.hasUserInfo());
        assertEquals(RepositoryUrl.of("https://github.com/acme/shop.git"), withToken.withoutUserInfo());
        assertFalse(RepositoryUrl.of("https://github.com/acme/shop.git").hasUserInfo());
    }

    @Test
    void theContractsOwnRefusalsNeverRepeatAToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepositoryUrl.of("ftp://ghp_secret@host/x"));
        assertFalse(e.getMessage().contains("ghp_secret"), e.getMessage());
        assertTrue(e.getMessage().contains("ftp://host/x"), e.getMessage());
    }
}
