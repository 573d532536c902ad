package dev.slipway.testing;

import dev.slipway.infrastructure.security.ApiToken;
import dev.slipway.infrastructure.security.Role;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One token of each role, made fresh for each test JVM, which {@link RunningService} configures in
 * every service it starts (by their hashes, as a real installation does).
 */
public final class TestTokens {
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    static {
        for (Role role : Role.values()) {
            TOKENS.put(role, ApiToken.generate());
        }
    }

    private TestTokens() {
    }

    /** The token of the test's {@code role} holder; its name in messages is {@code test-<role>}. */
    public static String of(Role role) {
        return TOKENS.get(role);
    }

    /** {@code slipway.security.tokens.test-<role>.*} for each role. */
    public static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        TOKENS.forEach((role, token) -> {
            properties.put("slipway.security.tokens.test-" + role.key() + ".role", role.key());
            properties.put("slipway.security.tokens.test-" + role.key() + ".sha256", ApiToken.sha256Hex(token));
        });
        return properties;
    }
}
