package dev.slipway.infrastructure.security;

/** The roles' names as constants, for {@code @Secured}. */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
