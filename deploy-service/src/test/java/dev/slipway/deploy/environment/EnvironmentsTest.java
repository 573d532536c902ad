package dev.slipway.deploy.environment;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.targets.TargetConfiguration;
import dev.slipway.deploy.targets.Targets;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How configured environments resolve a pull request's preview, and what they refuse at start-up. */
class EnvironmentsTest {
    private static final DeployConfiguration DEPLOY = new DeployConfiguration(Path.of("/tmp/unused"), Duration.ofMinutes(30),
            Duration.ofMinutes(2), Duration.ofMillis(500));
    private final Targets targets = new Targets(List.of(TargetConfiguration.localDockerEngine()));

    @AfterEach
    void close() {
        targets.close();
    }

    @Test
    void withoutConfigurationEveryPlansBuildsGoToReviewAndItsPullRequestsToPreviews() {
        Environments environments = new Environments(List.of(), DEPLOY, targets);
        PlanName plan = PlanName.of("shop");
        assertEquals(List.of("review"), environments.automaticFor(plan).stream().map(e -> e.name().value()).toList(),
                "a preview environment never takes a build of the plan's own branch");
        Environment pr12 = environments.require(EnvironmentName.of("pr-12"), plan);
        assertEquals(EnvironmentKind.PREVIEW, pr12.kind());
        assertTrue(pr12.stable(), "a preview is one app, updated in place");
        assertEquals(5, pr12.maxPreviews());
    }

    @Test
    void aPreviewTakesTheSettingsOfTheFirstPreviewEnvironmentThatTakesThePlan() {
        Environments environments = new Environments(List.of(
                configuration("a-previews", "preview", List.of("billing-*"), 2),
                configuration("b-previews", "preview", List.of(), 7),
                configuration("production", "stable", List.of(), 3)), DEPLOY, targets);
        assertEquals(2, environments.require(EnvironmentName.of("pr-1"), PlanName.of("billing-eu")).maxPreviews());
        assertEquals(7, environments.require(EnvironmentName.of("pr-1"), PlanName.of("shop")).maxPreviews());
    }

    @Test
    void aPlanNoPreviewEnvironmentTakesHasNoPreviewsAndIsToldWhy() {
        Environments environments = new Environments(List.of(configuration("production", "stable", List.of(), 3)), DEPLOY, targets);
        assertFalse(environments.previewsFor(PlanName.of("shop")).isPresent());
        EnvironmentNotConfiguredException e = assertThrows(EnvironmentNotConfiguredException.class,
                () -> environments.require(EnvironmentName.of("pr-3"), PlanName.of("shop")));
        assertEquals("'pr-3' is a pull request's preview, and no environment of kind preview takes plan 'shop'", e.getMessage());
    }

    @Test
    void aConfiguredEnvironmentMayNotTakeAPreviewsNameNorHaveNoRoomForPreviews() {
        ConfigurationException reserved = assertThrows(ConfigurationException.class, () -> new Environments(
                List.of(configuration("pr-3", "stable", List.of(), 3)), DEPLOY, targets));
        assertTrue(reserved.getMessage().contains("slipway.deploy.environments.pr-3: names pr-<number> are pull requests' previews"),
                reserved.getMessage());
        ConfigurationException none = assertThrows(ConfigurationException.class, () -> new Environments(
                List.of(configuration("previews", "preview", List.of(), 0)), DEPLOY, targets));
        assertTrue(none.getMessage().contains("max-previews must be 1 or more, was 0"), none.getMessage());
    }

    private static EnvironmentConfiguration configuration(String name, String kind, List<String> plans, int maxPreviews) {
        return new EnvironmentConfiguration(name, kind, "docker", plans, true, 3, maxPreviews, null, null);
    }
}
