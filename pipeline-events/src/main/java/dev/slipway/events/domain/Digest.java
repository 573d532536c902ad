package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A content digest in OCI form, {@code sha256:<64 hex>}: image digests and artifact archive hashes. */
public record Digest(String value) {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    @JsonCreator
    public Digest(String value) {
        Require.present(value, "digest");
        String lower = value.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(lower).matches()) {
            throw new IllegalArgumentException("digest " + Quoted.of(value) + " must look like sha256:<64 hex digits>");
        }
        this.value = lower;
    }

    public static Digest of(String value) {
        return new Digest(value);
    }

    public static Digest sha256(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a sha256 hash has 32 bytes, not " + hash.length);
        }
        return new Digest("sha256:" + HexFormat.of().formatHex(hash));
    }

    /** The 64 hex digits without the algorithm prefix. */
    public String hex() {
        return value.substring("sha256:".length());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
