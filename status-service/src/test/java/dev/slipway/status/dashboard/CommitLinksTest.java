package dev.slipway.status.dashboard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A commit is linked to its page on GitHub, GitLab or Bitbucket, and only there. */
class CommitLinksTest {
    private static final String SHA = "3f45da68399daf74b35561c0f30cf0a2021def4b";

    @Test
    void theThreeKnownHostsHaveTheirOwnCommitPages() {
        assertEquals("https://github.com/slipway/shop/commit/" + SHA, DashboardModels.commitUrl("https://github.com/slipway/shop.git", SHA));
        assertEquals("https://gitlab.com/group/sub/shop/-/commit/" + SHA, DashboardModels.commitUrl("https://gitlab.com/group/sub/shop", SHA));
        assertEquals("https://bitbucket.org/team/shop/commits/" + SHA, DashboardModels.commitUrl("https://bitbucket.org/team/shop.git/", SHA));
    }

    @Test
    void anyOtherRepositoryIsNotLinked() {
        for (String repository : new String[]{"git://127.0.0.1:9418/hello-site.git", "http://github.com/slipway/shop.git",
                "https://github.example.org/slipway/shop.git", "https://github.com/shop", "https://github.com:8443/slipway/shop.git",
                "https://github.com/slipway/shop.git?x=1", "ssh://git@github.com/slipway/shop.git", "not a url", null}) {
            assertNull(DashboardModels.commitUrl(repository, SHA), repository);
        }
        assertNull(DashboardModels.commitUrl("https://github.com/slipway/shop.git", "javascript:alert(1)"));
    }
}
