package dev.slipway.webhook.provider;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Before a body is authenticated it is only scanned for the field that names its repository. */
class PayloadsTest {
    private static final List<String> CLONE_URL = List.of("repository.clone_url");

    @Test
    void theScanFindsTheFieldAndSkipsEverythingElse() {
        String body = "{\"padding\": [{}, {\"repository\": {\"clone_url\": \"in an array\"}}], \"x\": {\"repository\": \"no\"},"
                + " \"repository\": {\"ssh_url\": \"git@github.com:a/b.git\", \"clone_url\": \"https://github.com/a/b.git\"}}";

        assertEquals(Map.of("repository.clone_url", "https://github.com/a/b.git"), scan(body));
    }

    @Test
    void theFirstValueCountsAndTheStrictParseRefusesARepeatedOne() {
        String body = "{\"repository\": {\"clone_url\": \"https://github.com/a/b.git\", \"clone_url\": \"https://github.com/c/d.git\"}}";

        assertEquals("https://github.com/a/b.git", scan(body).get("repository.clone_url"));
        assertThrows(InvalidPayloadException.class, () -> Payloads.parse(body));
    }

    @Test
    void theScanNeverFailsAndGivesWhatItFoundBeforeTheBodyWentWrong() {
        assertEquals("https://github.com/a/b.git", scan("{\"repository\": {\"clone_url\": \"https://github.com/a/b.git\"}, \"oops\": [").get("repository.clone_url"));
        assertTrue(scan("not json").isEmpty());
        assertTrue(scan("[1, 2]").isEmpty());
        assertTrue(scan("").isEmpty());
        assertTrue(scan("{\"repository\": {\"clone_url\": 42}}").isEmpty());
        assertTrue(scan("[".repeat(5000)).isEmpty());
    }

    private static Map<String, String> scan(String body) {
        return Payloads.fields(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), CLONE_URL);
    }
}
