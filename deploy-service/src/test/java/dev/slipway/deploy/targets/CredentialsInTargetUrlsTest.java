package dev.slipway.deploy.targets;

import dev.slipway.testing.RunningService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials written into a target's URL, by a careless operator: Marathon's base URL would put
 * them in every error message that names it, and an app URL template would put them into
 * {@code DeploymentFinished} and the deployments API. The service refuses to start, says which
 * property to fix, and repeats neither the URL nor the password anywhere in what it reports.
 */
class CredentialsInTargetUrlsTest {
    private static final String PASSWORD = "pa55-for-marathon";

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "url          | http://slipway:" + PASSWORD + "@marathon.example.org:8080 | put Marathon credentials into username/password or token, not into the url",
            "url          | http://slipway:" + PASSWORD + " @marathon.example.org:8080 | url is not a valid URL",
            "url-template | http://slipway:" + PASSWORD + "@{host}:{port}/           | url-template must not hold credentials"})
    void aTargetUrlWithCredentialsStopsTheStartWithoutRepeatingThem(String property, String url, String message) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "slipway.deploy.state-dir", Files.createTempDirectory("deploy-credentials").toString(),
                "slipway.deploy.targets.mesos.type", "marathon",
                "slipway.deploy.targets.mesos.url", "http://marathon.example.org:8080"));
        properties.put("slipway.deploy.targets.mesos." + property, url);
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> RunningService.of("deploy-service").properties(properties).start().close());
        String reported = everything(refused);
        assertTrue(reported.contains("slipway.deploy.targets.mesos: " + message), reported);
        assertFalse(reported.contains(PASSWORD), "the password is repeated: " + reported);
    }

    /** Every message and stack line of the failure and its causes, as a log would show them. */
    private static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
