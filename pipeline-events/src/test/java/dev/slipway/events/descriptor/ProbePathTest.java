package dev.slipway.events.descriptor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A probe path is a path on the app, and a probe goes to the app and nowhere else. */
class ProbePathTest {
    private static final URI APP = URI.create("http://10.0.0.7:31005/base?x=1");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "health | it does not start with '/'",
            "//169.254.169.254/latest/meta-data | it starts with '//', which makes the rest a host name",
            "/\\169.254.169.254/ | it holds a backslash, which some HTTP clients read as '/'",
            "/he alth | it holds a control character or a space",
            "/a%2 | it holds a '%' that is not followed by two hex digits",
            "/<script> | it holds '<', which a URL path cannot hold unencoded",
    })
    void anythingButAPathIsRefusedWithWhatIsWrong(String path, String problem) {
        assertEquals(Optional.of(problem), ProbePath.problem(path));
        assertEquals(problem, assertThrows(IllegalArgumentException.class, () -> ProbePath.on(APP, path)).getMessage());
    }

    @Test
    void aPathIsProbedOnTheAppsOwnSchemeHostAndPort() {
        assertEquals(Optional.empty(), ProbePath.problem("/api/health?full=true"));
        assertEquals(URI.create("http://10.0.0.7:31005/api/health?full=true"), ProbePath.on(APP, "/api/health?full=true"));
        assertEquals(URI.create("http://10.0.0.7:31005/status@home"), ProbePath.on(APP, "/status@home"));
    }
}
