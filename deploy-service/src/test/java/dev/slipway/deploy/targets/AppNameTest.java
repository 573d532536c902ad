package dev.slipway.deploy.targets;

import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppNameTest {

    @Test
    void aStableAppIsNamedByPlanAndEnvironmentAndAPerBuildAppAlsoByBuild() {
        assertEquals("slipway-shop-staging", AppName.stable(PlanName.of("shop"), EnvironmentName.of("staging")).slug());
        assertEquals("slipway-shop-review-42", AppName.perBuild(PlanName.of("shop"), EnvironmentName.of("review"), BuildNumber.of(42)).slug());
    }

    @Test
    void longNamesAreCutTo63CharactersWithoutColliding() {
        PlanName plan = PlanName.of("a".repeat(60));
        String one = AppName.perBuild(plan, EnvironmentName.of("review"), BuildNumber.of(1)).slug();
        String two = AppName.perBuild(plan, EnvironmentName.of("review"), BuildNumber.of(2)).slug();
        assertTrue(one.length() <= 63 && two.length() <= 63, one);
        assertNotEquals(one, two);
        assertTrue(one.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"), "still a DNS label: " + one);
    }
}
