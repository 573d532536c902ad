package dev.slipway.cli.render;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "0.0, 0.0s",
            "0.4, 0.4s",
            "1.25, 1.3s",
            "9.94, 9.9s",
            "12.7, 12s",
            "65, 1m 05s",
            "3599, 59m 59s",
            "7260, 2h 01m",
            "273600, 3d 04h"})
    void secondsReadAsPeopleSayThem(double seconds, String expected) {
        assertEquals(expected, Durations.seconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({"45, 45s", "200, 3m", "7300, 2h", "400000, 4d"})
    void coarseForLists(long seconds, String expected) {
        assertEquals(expected, Durations.coarse(Duration.ofSeconds(seconds)));
    }

    @org.junit.jupiter.api.Test
    void unknownIsADash() {
        assertEquals("-", Durations.seconds(null));
    }
}
