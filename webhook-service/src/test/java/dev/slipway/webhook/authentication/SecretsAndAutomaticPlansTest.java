package dev.slipway.webhook.authentication;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
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
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository's own secret wins over its provider's default; a provider without any secret
 * refuses deliveries unless it is explicitly set to accept them unsigned, and the service says
 * which at start-up. A repository may ask for automatic {@code <repo>-<branch>} plans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAndAutomaticPlansTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final RepositoryUrl SHOP = RepositoryUrl.of("https://github.com/slipway-demo/shop.git");

    private final String shopSecret = Samples.secret();
    private final String shopName = SampleEvents.uniquePlan("auto").value();
    private final PlanName lager = SampleEvents.uniquePlan("insecure-lager");
    private final ListAppender<ILoggingEvent> startupLog = new ListAppender<>();
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start() {
        Logger logger = (Logger) LoggerFactory.getLogger(WebhookSecrets.class);
        startupLog.start();
        logger.addAppender(startupLog);
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.repositories." + shopName + ".url", SHOP.value(),
                "slipway.webhook.repositories." + shopName + ".secret", shopSecret,
                "slipway.webhook.repositories." + shopName + ".auto-plans", true,
                "slipway.webhook.providers.gitlab.allow-unsigned", true,
                "slipway.plans." + lager + ".repository", "https://gitlab.com/slipway-demo/lager.git",
                "slipway.plans." + lager + ".branches", List.of("main"))).start();
        logger.detachAppender(startupLog);
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
    void theServiceSaysAtStartUpWhichProvidersAreRefusedAndWhichAcceptUnsignedDeliveries() {
        List<String> lines = startupLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("GitHub deliveries are refused unless their repository has its own secret")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Bitbucket deliveries are refused")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INSECURE: GitLab deliveries without a configured secret are accepted unsigned")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains(shopSecret)), "the secret is never logged");
    }

    @Test
    void aRepositorysOwnSecretAuthenticatesItsDeliveriesAndNoOtherSecretDoes() {
        byte[] push = Samples.body("github/push.json");

        assertEquals(401, github(push, Samples.signature(Samples.secret(), push)).status());
        HttpAnswer answer = github(push, Samples.signature(shopSecret, push));

        assertEquals(202, answer.status(), answer.body());
        PlanName automatic = PlanName.of(shopName + "-main");
        CommitReceived event = Samples.only(topic.await(automatic.value(), 1, Duration.ofSeconds(10)));
        assertEquals(automatic, event.plan());
        assertEquals(SHOP, event.repository());
        assertEquals(BranchName.of("main"), event.branch());
    }

    @Test
    void automaticPlansAreNamedAfterTheRepositoryAndTheBranch() {
        byte[] push = Samples.text("github/push.json").replace("\"refs/heads/main\"", "\"refs/heads/feature/New_Cart\"")
                .getBytes(StandardCharsets.UTF_8);

        HttpAnswer answer = github(push, Samples.signature(shopSecret, push));

        assertEquals(202, answer.status(), answer.body());
        PlanName automatic = PlanName.of(shopName + "-feature-new-cart");
        CommitReceived event = Samples.only(topic.await(automatic.value(), 1, Duration.ofSeconds(10)));
        assertEquals(BranchName.of("feature/New_Cart"), event.branch());
    }

    @Test
    void aProviderWithNoSecretRefusesDeliveriesForRepositoriesWithoutTheirOwn() {
        byte[] elsewhere = Samples.text("github/push.json").replace("slipway-demo/Shop", "slipway-demo/Lager").getBytes(StandardCharsets.UTF_8);
        byte[] bitbucket = Samples.body("bitbucket/server-refs-changed.json");

        HttpAnswer github = github(elsewhere, Samples.signature(shopSecret, elsewhere));
        HttpAnswer refused = service.post("/webhooks/bitbucket", bitbucket, "Content-Type", "application/json",
                "X-Event-Key", "repo:refs_changed", "X-Request-Id", Samples.deliveryId(), "X-Hub-Signature", Samples.signature("anything", bitbucket));

        assertEquals(401, github.status(), github.body());
        assertTrue(github.message().contains("no secret is configured for this GitHub delivery"), github.message());
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.message().contains("set slipway.webhook.providers.bitbucket.secret"), refused.message());
        assertTrue(topic.drain(shopName + "-main", QUIET).isEmpty());
    }

    @Test
    void aProviderExplicitlySetToAcceptUnsignedDeliveriesAcceptsThem() {
        HttpAnswer answer = service.post("/webhooks/gitlab", Samples.body("gitlab/push-hook.json"), "Content-Type", "application/json",
                "X-Gitlab-Event", "Push Hook", "Idempotency-Key", Samples.deliveryId());

        assertEquals(202, answer.status(), answer.body());
        assertEquals(1, topic.await(lager.value(), 1, Duration.ofSeconds(10)).size());
    }

    private HttpAnswer github(byte[] body, String signature) {
        return service.post("/webhooks/github", body, "Content-Type", "application/json", "X-GitHub-Event", "push",
                "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", signature);
    }
}
