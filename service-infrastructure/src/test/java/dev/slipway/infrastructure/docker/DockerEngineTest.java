package dev.slipway.infrastructure.docker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failures of a real engine (the one {@code bin/stack up} runs), sorted by what a caller can do. */
class DockerEngineTest {
    private static final DockerEngine ENGINE = DockerEngine.connect(DockerEngineSettings.fromEnvironment(Duration.ofMinutes(1)));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    @Test
    void aCallThatWorksReturnsItsResult() {
        assertFalse(ENGINE.call("ping the engine", () -> ENGINE.client().versionCmd().exec().getVersion()).isBlank());
    }

    @Test
    void somethingThatIsNotThereIsNotFoundAndNotWorthRetrying() {
        DockerEngineException e = assertThrows(DockerEngineException.class,
                () -> ENGINE.call("inspect image slipway/no-such-image", () -> ENGINE.client().inspectImageCmd("slipway/no-such-image:0").exec()));

        assertEquals(DockerEngineException.Kind.NOT_FOUND, e.kind());
        assertEquals(404, e.status());
        assertFalse(e.transientFailure());
        assertTrue(e.getMessage().startsWith("inspect image slipway/no-such-image: the engine answered 404: "), e.getMessage());
        assertTrue(e.engineMessage().contains("No such image"), "in the engine's words: " + e.engineMessage());
    }

    @Test
    void aRequestTheEngineRefusesIsRejected() {
        DockerEngineException e = assertThrows(DockerEngineException.class, () -> ENGINE.call("create container",
                () -> ENGINE.client().createContainerCmd("slipway/busybox:latest").withName("not a valid name!").exec()));

        assertEquals(DockerEngineException.Kind.REJECTED, e.kind());
        assertEquals(400, e.status());
        assertFalse(e.transientFailure());
        assertFalse(e.engineMessage().contains("{"), "the engine's message, not its JSON: " + e.engineMessage());
    }

    @Test
    void anEngineThatCannotBeReachedIsUnavailableAndWorthRetrying() {
        DockerEngineSettings nowhere = new DockerEngineSettings("unix:///tmp/slipway-no-engine.sock", false, null,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        try (DockerEngine absent = DockerEngine.connect(nowhere)) {
            DockerEngineException e = assertThrows(DockerEngineException.class,
                    () -> absent.call("ping the engine", () -> absent.client().pingCmd().exec()));

            assertEquals(DockerEngineException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.transientFailure());
            assertTrue(e.getMessage().startsWith("ping the engine: cannot reach the engine: "), e.getMessage());
        }
    }
}
