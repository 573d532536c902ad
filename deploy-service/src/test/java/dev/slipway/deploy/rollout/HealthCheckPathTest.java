package dev.slipway.deploy.rollout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a descriptor may give as its health check, and where the probe then goes. */
class HealthCheckPathTest {
    private static final URI APP = URI.create("http://10.0.0.7:31005/");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/                         | http://10.0.0.7:31005/",
            "/health                   | http://10.0.0.7:31005/health",
            "/api/v1/health?full=true  | http://10.0.0.7:31005/api/v1/health?full=true",
            "/status@home              | http://10.0.0.7:31005/status@home",
            "/a%20b                    | http://10.0.0.7:31005/a%20b",
            "/..//x                    | http://10.0.0.7:31005/..//x"})
    void aPathGoesToTheAppsOwnHostAndPort(String path, String probed) {
        assertEquals(URI.create(probed), HealthCheckPath.of(path).on(APP));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "//169.254.169.254/latest/meta-data/",
            "///169.254.169.254/",
            "/\\169.254.169.254/",
            "/\\\\169.254.169.254/",
            "http://169.254.169.254/",
            "169.254.169.254",
            "",
            "/health\r\nHost: 169.254.169.254",
            "/health\t",
            "/he alth",
            "/health#fragment",
            "/%zz",
            "/caf\u00e9",
            "/health\u2028"})
    void anythingButAPathOnTheAppIsRefusedNamingTheHealthCheck(String path) {
        HealthCheckRefusedException refused = assertThrows(HealthCheckRefusedException.class, () -> HealthCheckPath.of(path));
        assertTrue(refused.getMessage().startsWith("healthCheck '"), refused.getMessage());
        assertTrue(refused.getMessage().contains("it must be a path on the deployed app"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("\r") && !refused.getMessage().contains("\n"), "no forged log lines: " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:secret@10.0.0.7:31005/prefix/?q=1#f", "http://10.0.0.7:31005"})
    void theAppsUserInfoPathAndQueryAreNotCarriedOver(String app) {
        assertEquals(URI.create("http://10.0.0.7:31005/health"), HealthCheckPath.of("/health").on(URI.create(app)));
    }
}
