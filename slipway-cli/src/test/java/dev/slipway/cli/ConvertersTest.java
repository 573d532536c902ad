package dev.slipway.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConvertersTest {

    @ParameterizedTest
    @CsvSource({"10m, PT10M", "90s, PT1M30S", "1h30m, PT1H30M", "500ms, PT0.5S", "PT2M, PT2M", "2d, PT48H"})
    void durationsAsPeopleTypeThem(String text, String expected) {
        assertEquals(Duration.parse(expected), Converters.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "m", "5q", "10m x", "0s", "-5m"})
    void notADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> Converters.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host", "127.0.0.1:8085", "http://user:pw@127.0.0.1:8085", "http://127.0.0.1:8085?x=1"})
    void aServiceUrlIsAnHttpUrlWithoutCredentials(String text) {
        assertThrows(IllegalArgumentException.class, () -> Converters.serviceUrl(text));
    }
}
