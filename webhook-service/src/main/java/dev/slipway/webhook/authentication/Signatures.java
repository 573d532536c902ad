package dev.slipway.webhook.authentication;

import dev.slipway.webhook.plan.WebhookSecret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Checks the proofs providers send with a delivery. Comparisons take the same time whatever the
 * input, so that an attacker cannot learn a valid signature one byte at a time.
 */
public final class Signatures {
    private static final String SHA256_PREFIX = "sha256=";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private Signatures() {
    }

    /**
     * Checks a {@code sha256=<hex>} header holding the HMAC-SHA256 of the raw body (GitHub's
     * {@code X-Hub-Signature-256}, Bitbucket's {@code X-Hub-Signature}).
     */
    public static void requireHmacSha256(String headerName, String headerValue, byte[] body, WebhookSecret secret) {
        if (headerValue == null || headerValue.isBlank()) {
            throw new UnauthenticatedDeliveryException("the " + headerName + " header is missing: this delivery is not signed, "
                    + "but a secret is configured for it");
        }
        String value = headerValue.strip();
        if (!value.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())
                || !SHA256_HEX.matcher(value.substring(SHA256_PREFIX.length())).matches()) {
            throw new UnauthenticatedDeliveryException("the " + headerName + " header must look like sha256=<64 hex digits>");
        }
        byte[] claimed = HexFormat.of().parseHex(value.substring(SHA256_PREFIX.length()));
        if (!MessageDigest.isEqual(hmacSha256(secret, body), claimed)) {
            throw new UnauthenticatedDeliveryException("the " + headerName + " signature does not match the body and the configured secret");
        }
    }

    /** Checks a header that carries the secret itself (GitLab's {@code X-Gitlab-Token}). */
    public static void requireToken(String headerName, String headerValue, WebhookSecret secret) {
        if (headerValue == null || headerValue.isEmpty()) {
            throw new UnauthenticatedDeliveryException("the " + headerName + " header is missing, but a secret token is configured for this delivery");
        }
        // Digests first, so that the comparison does not stop early at a length mismatch.
        if (!MessageDigest.isEqual(sha256(headerValue.getBytes(StandardCharsets.UTF_8)), sha256(secret.bytes()))) {
            throw new UnauthenticatedDeliveryException("the " + headerName + " header does not match the configured secret token");
        }
    }

    public static byte[] hmacSha256(WebhookSecret secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
