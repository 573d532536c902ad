package dev.slipway.webhook.plan;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plan that cannot work stops the service at start-up with a message naming the plan and the fix. */
class PlanConfigurationTest {

    @Test
    void aPlanNameThatIsNotADnsLabelIsRefused() {
        String tooLong = "shop-" + "x".repeat(70);
        assertRefused(Map.of("slipway.plans." + tooLong + ".repository", "https://github.com/a/b.git",
                "slipway.plans." + tooLong + ".branches", List.of("main")), "plan '" + tooLong + "'", "is invalid: use 1-63 lowercase letters");
    }

    @Test
    void aPlanWithoutRepositoryOrBranchesIsRefused() {
        assertRefused(Map.of("slipway.plans.shop.branches", List.of("main")), "slipway.plans.shop.repository is missing");
        assertRefused(Map.of("slipway.plans.shop.repository", "https://github.com/a/b.git"), "names no branches");
    }

    @Test
    void aRepositoryUrlWithAPasswordIsRefused() {
        assertRefused(Map.of("slipway.plans.shop.repository", "https://zoe:hunter2@github.com/a/b.git",
                "slipway.plans.shop.branches", List.of("main")), "must not carry a password");
    }

    @Test
    void aScheduleMustBeCronAndReadAnExactBranch() {
        assertRefused(Map.of("slipway.plans.shop.repository", "https://github.com/a/b.git", "slipway.plans.shop.branches", List.of("main"),
                "slipway.plans.shop.schedule", "every morning"), "is not a cron expression");
        assertRefused(Map.of("slipway.plans.shop.repository", "https://github.com/a/b.git", "slipway.plans.shop.branches", List.of("release/*"),
                "slipway.plans.shop.schedule", "0 0 9 * * *"), "only branch patterns");
        assertRefused(Map.of("slipway.plans.shop.repository", "https://github.com/a/b.git", "slipway.plans.shop.branches", List.of("main"),
                "slipway.plans.shop.schedule", "0 0 9 * * *", "slipway.plans.shop.time-zone", "Mars/Olympus"), "is not a time zone");
    }

    @Test
    void twoRepositoryEntriesForOneRepositoryAreRefused() {
        assertRefused(Map.of("slipway.webhook.repositories.shop.url", "https://github.com/acme/shop.git",
                "slipway.webhook.repositories.shop-ssh.url", "ssh://git@github.com/acme/Shop"), "are the same repository; keep one");
    }

    @Test
    void anUnknownProviderIsRefused() {
        assertRefused(Map.of("slipway.webhook.providers.gitea.secret", "x"), "slipway.webhook.providers.gitea is not a provider");
    }

    private static void assertRefused(Map<String, Object> properties, String... messageParts) {
        Throwable failure = assertThrows(RuntimeException.class, () -> ApplicationContext.builder().properties(properties)
                .properties(Map.of("slipway.events.create-topics", false)).start().close());
        while (failure.getCause() != null && !(failure instanceof PlanConfigurationException)) {
            failure = failure.getCause();
        }
        for (String part : messageParts) {
            assertTrue(failure.getMessage().contains(part), "'" + failure.getMessage() + "' should say: " + part);
        }
    }
}
