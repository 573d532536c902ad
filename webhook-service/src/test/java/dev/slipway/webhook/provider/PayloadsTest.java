package dev.slipway.webhook.provider;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aKeyRepeatedAnywhereInTheDocumentIsRefusedByName() {
        InvalidPayloadException refused = assertThrows(InvalidPayloadException.class,
                () -> Payloads.parse("{\"commits\": [{\"id\": \"a\"}, {\"id\": \"b\", \"message\": \"m\", \"id\": \"c\"}]}"));

        assertTrue(refused.getMessage().startsWith("the body is not valid JSON: Duplicate field 'id' (line 1, column "), refused.getMessage());
        assertFalse(refused.getMessage().contains("ObjectNode"), "the answer names the parser's internals: " + refused.getMessage());
        // The same key in different objects is no repetition.
        assertEquals("c", Payloads.parse("{\"id\": \"x\", \"commits\": [{\"id\": \"a\"}, {\"id\": \"c\"}]}")
                .get("commits").elements().get(1).get("id").text());
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
