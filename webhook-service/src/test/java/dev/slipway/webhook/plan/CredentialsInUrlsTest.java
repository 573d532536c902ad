package dev.slipway.webhook.plan;

import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.Samples;
import dev.slipway.testing.LogCapture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token in a repository URL ({@code https://TOKEN@host/...}) is a credential that would travel
 * in every event and log line: a configuration that holds one is refused at start-up without
 * repeating it, and a delivery whose body carries one never hears it echoed.
 */
class CredentialsInUrlsTest {
    private static final String TOKEN = "ghp_R3alT0kenN0tToBeSeen";

    @ParameterizedTest
    @ValueSource(strings = {
            "https://" + TOKEN + "@github.com/acme/shop.git",
            "https://x-access-token:" + TOKEN + "@github.com/acme/shop.git",
            "http://" + TOKEN + "@git.example.org/scm/shop/kasse.git",
            "git://" + TOKEN + "@git.example.org/shop.git",
            "ssh://git:" + TOKEN + "@github.com/acme/shop.git"})
    void aPlanWhoseUrlCarriesCredentialsStopsTheServiceNamingThePlanButNeverTheCredential(String url) {
        assertRefusedWithoutTheToken(Map.of("slipway.plans.shop.repository", url, "slipway.plans.shop.branches", List.of("main")),
                "slipway.plans.shop.repository must not carry a password or token");
        assertRefusedWithoutTheToken(Map.of("slipway.plans.shop.repository", "https://github.com/acme/shop.git",
                "slipway.plans.shop.ls-remote-url", url, "slipway.plans.shop.branches", List.of("main")),
                "slipway.plans.shop.ls-remote-url must not carry a password or token");
        assertRefusedWithoutTheToken(Map.of("slipway.webhook.repositories.shop.url", url),
                "slipway.webhook.repositories.shop.url must not carry a password or token");
    }

    @Test
    void anSshUrlMayNameItsUserBecauseSshProvesWhoConnectsWithAKey() {
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "slipway.events.create-topics", false,
                "slipway.plans.shop.repository", "ssh://git@github.com/acme/shop.git",
                "slipway.plans.shop.branches", List.of("main"))).start()) {
            assertEquals("ssh://git@github.com/acme/shop.git",
                    context.getBean(BuildPlans.class).named(PlanName.of("shop")).orElseThrow().repository().value());
        }
    }

    @Test
    void aDeliveryWhoseBodyCarriesCredentialsInARepositoryUrlNeverHearsThemEchoedNorAreTheyLogged() {
        String secret = Samples.secret();
        PlanName plan = SampleEvents.uniquePlan("creds");
        byte[] unknown = Samples.text("github/push.json")
                .replace("https://github.com/slipway-demo/Shop.git", "https://x-token:" + TOKEN + "@github.com/someone-else/Shop.git")
                .getBytes(StandardCharsets.UTF_8);
        byte[] uncoveredBranch = Samples.text("github/push.json")
                .replace("https://github.com/slipway-demo/Shop.git", "https://" + TOKEN + "@github.com/slipway-demo/Shop.git")
                .replace("\"refs/heads/main\"", "\"refs/heads/develop\"")
                .getBytes(StandardCharsets.UTF_8);
        try (RunningService service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.github.secret", secret,
                "slipway.plans." + plan + ".repository", "https://github.com/slipway-demo/shop.git",
                "slipway.plans." + plan + ".branches", List.of("main"))).start();
             TopicReader topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED)) {

            List<HttpAnswer> answers = logged(() -> List.of(
                    deliver(service, unknown, secret),
                    deliver(service, uncoveredBranch, secret),
                    deliver(service, unknown, "not-the-secret")));

            HttpAnswer ignored = answers.get(0);
            assertEquals(202, ignored.status(), ignored.body());
            assertTrue(ignored.message().contains("no plan is configured for repository 'https://github.com/someone-else/Shop.git'"),
                    "the answer still names the repository, without its credentials: " + ignored.message());
            assertTrue(answers.get(1).message().contains("no plan builds branch 'develop' of 'https://github.com/slipway-demo/Shop.git'"),
                    answers.get(1).message());
            assertEquals(401, answers.get(2).status(), answers.get(2).body());
            for (HttpAnswer answer : answers) {
                assertFalse(answer.body().contains(TOKEN), "the answer echoes the credential: " + answer.body());
            }
            assertTrue(topic.drain(plan.value(), Duration.ofMillis(1500)).isEmpty());
        }
    }

    private static HttpAnswer deliver(RunningService service, byte[] body, String secret) {
        return service.post("/webhooks/github", body, "Content-Type", "application/json", "X-GitHub-Event", "push",
                "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", Samples.signature(secret, body));
    }

    private static void assertRefusedWithoutTheToken(Map<String, Object> properties, String messagePart) {
        Throwable refused = logged(() -> assertThrows(RuntimeException.class, () -> ApplicationContext.builder().properties(properties)
                .properties(Map.of("slipway.events.create-topics", false)).start().close()));
        Throwable cause = refused;
        while (cause.getCause() != null && !(cause instanceof PlanConfigurationException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains(messagePart), "'" + cause.getMessage() + "' should say: " + messagePart);
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(TOKEN), "the failure repeats the credential: " + t.getMessage());
        }
    }

    /** Runs {@code work} and fails if any log line (message or stack trace) it caused holds the token. */
    private static <T> T logged(Supplier<T> work) {
        LogCapture log = LogCapture.start();
        try {
            return work.get();
        } finally {
            log.close();
            for (String line : log.lines()) {
                assertFalse(line.contains(TOKEN), "a log line holds the credential: " + line);
            }
        }
    }
}
