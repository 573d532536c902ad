package dev.slipway.status.hoststatus;

import dev.slipway.events.domain.PlanName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The requests each provider gets, and how a build's repository URL finds its host. */
class ProviderRequestsTest {
    private static final String SHA = "3f45da68399daf74b35561c0f30cf0a2021def4b";

    @Test
    void gitHubGetsItsPathHeadersAndADescriptionCutTo140Characters() {
        GitHost github = GitHost.of(configuration("hub", "github", "github.com", null, "ghp_secret"));
        assertEquals(URI.create("https://api.github.com"), github.apiUrl(), "github.com's API is api.github.com");
        CommitStatus status = status(CommitState.FAILURE, "build 3 failed: \"quoted\"\n" + "x".repeat(300));
        ProviderRequest request = ProviderRequests.of(github, HostRepository.parse("https://github.com/acme/shop.git").orElseThrow(), status);
        assertEquals(URI.create("https://api.github.com/repos/acme/shop/statuses/" + SHA), request.uri());
        assertEquals("Bearer ghp_secret", request.headers().get("Authorization"));
        assertEquals("application/vnd.github+json", request.headers().get("Accept"));
        assertTrue(request.json().startsWith("{\"state\":\"failure\",\"target_url\":\"https://dash.test/ui/plans/shop/builds/3\","), request.json());
        assertTrue(request.json().contains("\\\"quoted\\\"\\n"), "escaped: " + request.json());
        assertFalse(request.toString().contains("ghp_secret"), "a logged request never shows the token");
        String description = request.json().replaceAll(".*\"description\":\"(.*)\",\"context\".*", "$1").replace("\\\"", "\"")
                .replace("\\n", "\n");
        assertEquals(140, description.length(), description);
        assertTrue(description.endsWith("…"));
    }

    @Test
    void gitLabsProjectIdIsItsWholePathEncodedAndBitbucketCloudUsesWorkspaceAndSlug() {
        GitHost gitlab = GitHost.of(configuration("lab", "gitlab", "gitlab.example.org", null, "glpat"));
        ProviderRequest request = ProviderRequests.of(gitlab, HostRepository.parse("https://gitlab.example.org/group/sub/shop.git").orElseThrow(),
                status(CommitState.PENDING, "building"));
        assertEquals("https://gitlab.example.org/api/v4/projects/group%2Fsub%2Fshop/statuses/" + SHA, request.uri().toString());
        assertEquals("glpat", request.headers().get("PRIVATE-TOKEN"));
        assertTrue(request.json().contains("\"state\":\"running\""), request.json());

        GitHost cloud = GitHost.of(configuration("cloud", "bitbucket-cloud", "bitbucket.org", null, "app-password"));
        ProviderRequest bitbucket = ProviderRequests.of(cloud, HostRepository.parse("https://bitbucket.org/workspace/shop").orElseThrow(),
                status(CommitState.CANCELED, "superseded"));
        assertEquals("https://api.bitbucket.org/2.0/repositories/workspace/shop/commit/" + SHA + "/statuses/build", bitbucket.uri().toString());
        assertTrue(bitbucket.json().contains("\"state\":\"STOPPED\""), bitbucket.json());
        assertTrue(bitbucket.json().contains("\"key\":\"slipway/shop/production\""), "a short context is its own key: " + bitbucket.json());
        String longContext = "slipway/a-plan-with-a-rather-long-name/production";
        assertEquals(40, ProviderRequests.cloudKey(longContext).length(), "Bitbucket Cloud takes keys of at most 40 characters");
        assertEquals(ProviderRequests.cloudKey(longContext), ProviderRequests.cloudKey(longContext), "each status of a context has its key");
    }

    @Test
    void onlyAConfiguredHostGetsStatusesAndItsTokenIsRequired() {
        GitHosts hosts = new GitHosts(List.of(configuration("hub", "github", "github.com", null, "t")));
        assertTrue(hosts.forRepository("https://github.com/acme/shop.git").isPresent());
        assertTrue(hosts.forRepository("ssh://git@github.com/acme/shop.git").isPresent());
        assertFalse(hosts.forRepository("https://gitlab.com/acme/shop.git").isPresent(), "no host configured for it");
        assertFalse(hosts.forRepository("https://github.com/acme").isPresent(), "not a repository GitHub can name");
        IllegalArgumentException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GitHost.of(configuration("hub", "github", "github.com", null, "")));
        assertEquals("slipway.status.git-hosts.hub.token is missing (or its variable is empty)", missing.getMessage());
        assertFalse(new GitHosts(List.of()).any());
    }

    private static CommitStatus status(CommitState state, String description) {
        return new CommitStatus(PlanName.of("shop"), SHA, null, "slipway/shop/production", state, description,
                "https://dash.test/ui/plans/shop/builds/3", Instant.parse("2026-12-01T10:00:00Z"));
    }

    private static GitHostConfiguration configuration(String name, String provider, String host, URI api, String token) {
        GitHostConfiguration configuration = new GitHostConfiguration(name);
        configuration.setProvider(provider);
        configuration.setHost(host);
        configuration.setApiUrl(api);
        configuration.setToken(token);
        return configuration;
    }
}
