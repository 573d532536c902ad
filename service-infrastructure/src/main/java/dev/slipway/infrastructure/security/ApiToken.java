package dev.slipway.infrastructure.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A configured API token, kept only as the SHA-256 of its text: the service never holds the token
 * itself, so its configuration, heap and logs cannot leak it.
 *
 * @param name   says whose token it is, in messages and logs (never the token)
 * @param role   what it may do
 * @param sha256 the SHA-256 of the token, 64 lowercase hex digits
 */
public record ApiToken(String name, Role role, String sha256) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiToken {
        Objects.requireNonNull(role, "role");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String digest = sha256 == null ? "" : sha256.strip().toLowerCase(java.util.Locale.ROOT);
        if (digest.startsWith("sha256:")) {
            digest = digest.substring("sha256:".length());
        }
        if (!HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("token '" + name + "': sha256 must be the token's SHA-256 in 64 hex digits"
                    + " (e.g. printf %s \"$TOKEN\" | sha256sum), not the token itself");
        }
        sha256 = digest;
    }

    /** Whether {@code presented} is this token, in time that does not depend on where they differ. */
    public boolean matches(byte[] presentedDigest) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(sha256), presentedDigest);
    }

    /** The SHA-256 of a token's text. */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    /** A new token: 32 random bytes in hex, after a prefix that tells what it is when it turns up somewhere. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "slw_" + HexFormat.of().formatHex(bytes);
    }

    /** Without the hash: records print every field, and configuration ends up in logs. */
    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", role=" + role.key() + "]";
    }
}
