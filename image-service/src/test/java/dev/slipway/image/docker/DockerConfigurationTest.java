package dev.slipway.image.docker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code slipway.image.docker.tls-verify} is read as the docker CLI reads {@code DOCKER_TLS_VERIFY}, its default. */
class DockerConfigurationTest {

    @ParameterizedTest
    @CsvSource({"1, true", "true, true", "TRUE, true", "false, false", "0, false", "'', false"})
    void tlsVerifyIsOnForTrueOrOne(String tlsVerify, boolean expected) {
        DockerConfiguration configuration = new DockerConfiguration("tcp://engine.example:2376", tlsVerify, Path.of("/certs"),
                Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(30));
        assertEquals(expected, configuration.settings().tlsVerify());
        assertEquals("tcp://engine.example:2376", configuration.settings().host());
        assertEquals(Path.of("/certs"), configuration.settings().certPath());
    }
}
