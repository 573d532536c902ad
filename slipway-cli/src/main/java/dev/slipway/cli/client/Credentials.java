package dev.slipway.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token the CLI sends, and where it came from. Looked up in this order: the variable
 * {@code SLIPWAY_TOKEN}, the file named by {@code SLIPWAY_TOKEN_FILE}, then
 * {@code ${SLIPWAY_DATA:-/var/lib/slipway}/admin-token} (the file {@code bin/slipway} writes). Without
 * one, requests go out without a token (a service with security off takes them), and a 401 says
 * where the CLI looked. The token itself is never part of a message.
 */
public final class Credentials {
    static final String TOKEN_VARIABLE = "SLIPWAY_TOKEN";
    static final String TOKEN_FILE_VARIABLE = "SLIPWAY_TOKEN_FILE";
    static final String DATA_VARIABLE = "SLIPWAY_DATA";
    static final String DEFAULT_DATA = "/var/lib/slipway";
    static final String ADMIN_TOKEN_FILE = "admin-token";

    private final String token;
    private final String searched;

    private Credentials(String token, String searched) {
        this.token = token;
        this.searched = searched;
    }

    public static Credentials fromEnvironment(Map<String, String> environment) {
        String variable = nonBlank(environment.get(TOKEN_VARIABLE));
        if (variable != null) {
            return new Credentials(variable, "the token came from " + TOKEN_VARIABLE);
        }
        String named = nonBlank(environment.get(TOKEN_FILE_VARIABLE));
        if (named != null) {
            return fromFile(Path.of(named), TOKEN_FILE_VARIABLE + " names " + named);
        }
        String data = Optional.ofNullable(nonBlank(environment.get(DATA_VARIABLE))).orElse(DEFAULT_DATA);
        return fromFile(Path.of(data, ADMIN_TOKEN_FILE), TOKEN_VARIABLE + " and " + TOKEN_FILE_VARIABLE + " are not set, "
                + "and the default token file " + Path.of(data, ADMIN_TOKEN_FILE));
    }

    private static Credentials fromFile(Path file, String what) {
        try {
            String token = nonBlank(Files.readString(file, StandardCharsets.UTF_8));
            return token == null
                    ? new Credentials(null, what + ", which is empty")
                    : new Credentials(token, "the token came from " + file);
        } catch (NoSuchFileException e) {
            return new Credentials(null, what + ", which does not exist");
        } catch (IOException | SecurityException e) {
            return new Credentials(null, what + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Where the token came from, or everywhere the CLI looked for one: for the message of a 401. */
    public String searched() {
        return searched;
    }

    @Override
    public String toString() {
        return token == null ? "no token" : "a token";
    }
}
