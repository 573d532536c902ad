package dev.slipway.webhook.plan;

import dev.slipway.events.domain.BranchName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BranchPatternTest {

    @ParameterizedTest
    @CsvSource({
            "main, main, true",
            "main, main2, false",
            "refs/heads/main, main, true",
            "release/*, release/1.4, true",
            "release/*, release/1.4/hotfix, false",
            "release/*, releases/1.4, false",
            "feature/**, feature/a/b/c, true",
            "feature/**, feature, false",
            "v?, v1, true",
            "v?, v10, false",
            "**, anything/at/all, true",
            "a.b/*, a.b/c, true",
            "a.b/*, axb/c, false"})
    void namesMatchExactlyAndGlobsMatchBySegment(String pattern, String branch, boolean matches) {
        assertEquals(matches, BranchPattern.parse(pattern).matches(BranchName.of(branch)));
    }

    @Test
    void onlyAnExactNameCanBeReadByASchedule() {
        assertEquals(BranchName.of("main"), BranchPattern.parse("main").exactName().orElseThrow());
        assertTrue(BranchPattern.parse("release/*").exactName().isEmpty());
    }

    @Test
    void anInvalidBranchNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BranchPattern.parse("main..x"));
        assertThrows(IllegalArgumentException.class, () -> BranchPattern.parse(" "));
    }
}
