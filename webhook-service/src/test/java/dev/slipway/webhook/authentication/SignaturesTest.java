package dev.slipway.webhook.authentication;

import dev.slipway.webhook.plan.WebhookSecret;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SignaturesTest {
    private static final WebhookSecret SECRET = WebhookSecret.ofNullable("It's a Secret to Everybody");
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    /** The example from GitHub's "Validating webhook deliveries". */
    @Test
    void githubsDocumentedExampleVerifies() {
        assertDoesNotThrow(() -> Signatures.requireHmacSha256("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", BODY, SECRET));
        assertDoesNotThrow(() -> Signatures.requireHmacSha256("X-Hub-Signature-256",
                "SHA256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17", BODY, SECRET));
    }

    @Test
    void aSignatureOfAnotherBodyOrSecretIsRefused() {
        UnauthenticatedDeliveryException wrong = assertThrows(UnauthenticatedDeliveryException.class, () -> Signatures.requireHmacSha256(
                "X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", BODY, SECRET));
        assertEquals("the X-Hub-Signature-256 signature does not match the body and the configured secret", wrong.getMessage());
        assertThrows(UnauthenticatedDeliveryException.class, () -> Signatures.requireHmacSha256("X-Hub-Signature", "sha256=abc", BODY, SECRET));
        assertThrows(UnauthenticatedDeliveryException.class, () -> Signatures.requireHmacSha256("X-Hub-Signature", null, BODY, SECRET));
    }

    @Test
    void aTokenMustBeTheSecretItself() {
        assertDoesNotThrow(() -> Signatures.requireToken("X-Gitlab-Token", "It's a Secret to Everybody", SECRET));
        assertThrows(UnauthenticatedDeliveryException.class, () -> Signatures.requireToken("X-Gitlab-Token", "It's a Secret", SECRET));
        assertThrows(UnauthenticatedDeliveryException.class, () -> Signatures.requireToken("X-Gitlab-Token", "", SECRET));
    }

    @Test
    void aSecretNeverPrintsItself() {
        assertEquals("***", SECRET.toString());
    }
}
