package dev.slipway.webhook.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The owner of one repository tries to build another's plan at a commit of their choice: by naming
 * the victim's repository in a body signed with their own secret, or by naming a repository that
 * has no secret of its own to fall back to the provider's default. A body names its repository in
 * one field per provider; whatever else it names counts for nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossRepositoryForgeryTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final ObjectMapper JSON = new ObjectMapper();

    // Mallory owns "toys" (its own secret) and "scraps" (no secret of its own: the provider default).
    private static final String TOYS = "https://github.com/mallory/toys.git";
    private static final String SCRAPS = "https://github.com/mallory/scraps.git";
    // The victims: "shop" signs with the provider default, "vault" with a secret of its own.
    private static final String SHOP = "https://github.com/acme/shop.git";
    private static final String VAULT = "https://github.com/acme/vault.git";

    private final String toysSecret = Samples.secret();
    private final String vaultSecret = Samples.secret();
    private final String githubDefault = Samples.secret();
    private final String gitlabDefault = Samples.secret();
    private final String toysToken = Samples.secret();
    private final String bitbucketDefault = Samples.secret();
    private final String toysBitbucketSecret = Samples.secret();
    private final PlanName toys = SampleEvents.uniquePlan("toys");
    private final PlanName scraps = SampleEvents.uniquePlan("scraps");
    private final PlanName shop = SampleEvents.uniquePlan("shop");
    private final PlanName vault = SampleEvents.uniquePlan("vault");
    private final PlanName glToys = SampleEvents.uniquePlan("gl-toys");
    private final PlanName lager = SampleEvents.uniquePlan("gl-lager");
    private final PlanName bbToys = SampleEvents.uniquePlan("bb-toys");
    private final PlanName kasse = SampleEvents.uniquePlan("bb-kasse");
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("slipway.webhook.providers.github.secret", githubDefault);
        properties.put("slipway.webhook.providers.gitlab.secret", gitlabDefault);
        properties.put("slipway.webhook.providers.bitbucket.secret", bitbucketDefault);
        repository(properties, "mallory-toys", TOYS, toysSecret);
        repository(properties, "mallory-scraps", SCRAPS, null);
        repository(properties, "acme-vault", VAULT, vaultSecret);
        repository(properties, "mallory-gl-toys", "https://gitlab.com/mallory/toys.git", toysToken);
        repository(properties, "mallory-bb-toys", "https://git.example.org/scm/mal/toys.git", toysBitbucketSecret);
        plan(properties, toys, TOYS, "main");
        plan(properties, scraps, SCRAPS, "main");
        plan(properties, shop, SHOP, "main");
        plan(properties, vault, VAULT, "main");
        plan(properties, glToys, "https://gitlab.com/mallory/toys.git", "main");
        plan(properties, lager, "https://gitlab.com/slipway-demo/lager.git", "main");
        plan(properties, bbToys, "https://git.example.org/scm/mal/toys.git", "develop");
        plan(properties, kasse, "https://git.example.org/scm/shop/kasse-server.git", "develop");
        service = RunningService.of("webhook-service").properties(properties).start();
    }

    @AfterAll
    void stop() {
        service.close();
    }

    @BeforeEach
    void openTopic() {
        topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED);
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }

    @Test
    void aBodySignedWithOneRepositorysSecretBuildsNoOtherRepositorysPlanWhateverElseItNames() {
        CommitSha chosen = Samples.newCommit();
        // Mallory's repository in the field that names it, the victim's in every other URL field.
        byte[] toysNamingShop = githubPush(chosen, TOYS, SHOP);
        // The other way round: the victim in the field that names the repository, signed with Mallory's secret.
        byte[] shopNamingToys = githubPush(Samples.newCommit(), SHOP, TOYS);

        HttpAnswer own = github(toysNamingShop, toysSecret);
        HttpAnswer forged = github(shopNamingToys, toysSecret);

        assertEquals(202, own.status(), own.body());
        assertEquals(List.of(toys.value()), own.json().path("builds").findValuesAsText("plan"), "only Mallory's own plan: " + own.body());
        assertEquals(chosen, Samples.only(topic.await(toys.value(), 1, Duration.ofSeconds(10))).commit());
        forged.expect(401, "signature does not match");
        assertTrue(topic.drain(shop.value(), QUIET).isEmpty(), "no build of the victim's plan");
    }

    @Test
    void aRepositoryWithoutItsOwnSecretCannotLendTheProviderDefaultToOneThatHasIts() {
        // Signed with the provider default, which Mallory's "scraps" uses, so Mallory knows it.
        byte[] vaultNamingScraps = githubPush(Samples.newCommit(), VAULT, SCRAPS);
        CommitSha scrapsCommit = Samples.newCommit();
        byte[] scrapsNamingVault = githubPush(scrapsCommit, SCRAPS, VAULT);

        HttpAnswer downgraded = github(vaultNamingScraps, githubDefault);
        HttpAnswer own = github(scrapsNamingVault, githubDefault);

        downgraded.expect(401, "signature does not match");
        assertEquals(202, own.status(), own.body());
        assertEquals(List.of(scraps.value()), own.json().path("builds").findValuesAsText("plan"), own.body());
        assertEquals(scrapsCommit, Samples.only(topic.await(scraps.value(), 1, Duration.ofSeconds(10))).commit());
        assertTrue(topic.drain(vault.value(), QUIET).isEmpty(), "no build of the plan whose repository has its own secret");
    }

    @Test
    void aGitLabBodyNamesItsRepositoryByTheProjectOnly() {
        ObjectNode push = (ObjectNode) json(Samples.withCommit("gitlab/push-hook.json", "b7312182dde6c38c62b468b524ab5bc952615ee2",
                Samples.newCommit()));
        ObjectNode project = (ObjectNode) push.path("project");
        project.put("git_http_url", "https://gitlab.com/mallory/toys.git");
        // Every other place a GitLab body names a repository says the victim's.
        project.put("web_url", "https://gitlab.com/slipway-demo/lager");
        project.put("git_ssh_url", "git@gitlab.com:slipway-demo/lager.git");
        ObjectNode repository = (ObjectNode) push.path("repository");
        repository.put("git_http_url", "https://gitlab.com/slipway-demo/lager.git");
        repository.put("homepage", "https://gitlab.com/slipway-demo/lager");

        HttpAnswer answer = service.post("/webhooks/gitlab", bytes(push), "Content-Type", "application/json",
                "X-Gitlab-Event", "Push Hook", "Idempotency-Key", Samples.deliveryId(), "X-Gitlab-Token", toysToken);

        assertEquals(202, answer.status(), answer.body());
        assertEquals(List.of(glToys.value()), answer.json().path("builds").findValuesAsText("plan"), answer.body());
        assertTrue(topic.drain(lager.value(), QUIET).isEmpty(), "no build of the victim's plan");
    }

    @Test
    void aBitbucketDataCenterBodyNamesItsRepositoryByProjectKeyAndSlugOnly() {
        ObjectNode push = (ObjectNode) json(Samples.withCommit("bitbucket/server-refs-changed.json",
                "fd9c6db318920138374ce4e261da33394f117ea4", Samples.newCommit()));
        ObjectNode repository = (ObjectNode) push.path("repository");
        repository.put("slug", "toys");
        ((ObjectNode) repository.path("project")).put("key", "MAL");
        // The clone links still name the victim's repository (and Mallory's, to pick the secret today).
        ArrayNode clone = (ArrayNode) repository.path("links").path("clone");
        clone.addObject().put("href", "https://git.example.org/scm/mal/toys.git").put("name", "http");
        byte[] body = bytes(push);

        HttpAnswer answer = service.post("/webhooks/bitbucket", body, "Content-Type", "application/json",
                "X-Event-Key", "repo:refs_changed", "X-Request-Id", Samples.deliveryId(),
                "X-Hub-Signature", Samples.signature(toysBitbucketSecret, body));

        assertEquals(202, answer.status(), answer.body());
        assertEquals(List.of(bbToys.value()), answer.json().path("builds").findValuesAsText("plan"), answer.body());
        assertTrue(topic.drain(kasse.value(), QUIET).isEmpty(), "no build of the victim's plan");
    }

    /** A GitHub push whose {@code clone_url} is {@code named} and whose every other URL field is {@code elsewhere}. */
    private static byte[] githubPush(CommitSha commit, String named, String elsewhere) {
        ObjectNode push = (ObjectNode) json(Samples.withCommit("github/push.json", "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f", commit));
        ObjectNode repository = (ObjectNode) push.path("repository");
        String path = elsewhere.replace("https://github.com/", "").replace(".git", "");
        repository.put("clone_url", named);
        repository.put("ssh_url", "git@github.com:" + path + ".git");
        repository.put("git_url", "git://github.com/" + path + ".git");
        repository.put("html_url", "https://github.com/" + path);
        repository.put("url", "https://github.com/" + path);
        repository.put("full_name", path);
        return bytes(push);
    }

    private HttpAnswer github(byte[] body, String secret) {
        return service.post("/webhooks/github", body, "Content-Type", "application/json", "X-GitHub-Event", "push",
                "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", Samples.signature(secret, body));
    }

    private static void repository(Map<String, Object> properties, String name, String url, String secret) {
        properties.put("slipway.webhook.repositories." + name + ".url", url);
        if (secret != null) {
            properties.put("slipway.webhook.repositories." + name + ".secret", secret);
        }
    }

    private static void plan(Map<String, Object> properties, PlanName plan, String url, String branch) {
        properties.put("slipway.plans." + plan + ".repository", url);
        properties.put("slipway.plans." + plan + ".branches", List.of(branch));
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
