package dev.slipway.infrastructure.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. Each role includes the ones below it: an operator is also a viewer, an admin
 * also an operator. Controllers name the least role an endpoint needs, with the constants of
 * {@link Roles} (annotations need constants).
 */
public enum Role {
    /** Reads plans, builds, logs and artifacts. */
    VIEWER(Roles.VIEWER),
    /** Also triggers builds, deploys, promotes and rolls back. */
    OPERATOR(Roles.OPERATOR),
    /** Also manages tokens. */
    ADMIN(Roles.ADMIN);

    private final String key;

    Role(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The roles a token of this role holds: itself and every role below it. */
    public List<String> granted() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).map(Role::key).toList();
    }

    public static Optional<Role> of(String key) {
        String wanted = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.key.equals(wanted)).findFirst();
    }
}
