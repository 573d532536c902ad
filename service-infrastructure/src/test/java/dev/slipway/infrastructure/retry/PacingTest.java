package dev.slipway.infrastructure.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PacingTest {

    @Test
    void theFirstLooksComeQuicklyAndThenSettleAtTheInterval() {
        Pacing pacing = new Pacing(Duration.ofMillis(20), Duration.ofMillis(500));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(pacing.next().toMillis());
        }
        assertEquals(List.of(20L, 40L, 80L, 160L, 320L, 500L, 500L, 500L), waits);
    }

    @Test
    void anIntervalShorterThanTheFirstWaitIsNeverExceeded() {
        Pacing pacing = new Pacing(Duration.ofMillis(20), Duration.ofMillis(10));
        assertEquals(10, pacing.next().toMillis());
        assertEquals(10, pacing.next().toMillis());
    }
}
