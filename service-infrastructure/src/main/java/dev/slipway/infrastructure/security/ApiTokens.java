package dev.slipway.infrastructure.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every token a service accepts: those in its configuration and those in its tokens file, read
 * when it starts (a context bean, so that it is read then, not at the first request). A token that
 * is malformed stops the start with a message that names it, rather than leaving a door open or
 * shut by surprise.
 */
@Context
public class ApiTokens {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

    private final List<ApiToken> tokens;

    public ApiTokens(List<ConfiguredTokenProperties> configured, SecurityConfiguration configuration) {
        List<ApiToken> all = new ArrayList<>();
        for (ConfiguredTokenProperties token : configured) {
            all.add(token(token.name(), token.role(), token.sha256(), "slipway.security.tokens." + token.name()));
        }
        if (configuration.tokensFile() != null) {
            all.addAll(readFile(configuration.tokensFile()));
        }
        this.tokens = List.copyOf(all);
        if (tokens.isEmpty()) {
            LOG.warn("No API tokens are configured: every endpoint but the webhooks, /health and /prometheus answers 401"
                    + " (see slipway.security.* in the README)");
        } else {
            LOG.info("Accepting {} API token(s): {}", tokens.size(), tokens.stream().map(t -> t.name() + " (" + t.role().key() + ")").toList());
        }
    }

    /** The token whose hash is the presented token's; every configured one is compared, so the time says nothing. */
    public Optional<ApiToken> find(String presented) {
        byte[] digest = ApiToken.digest(presented);
        ApiToken found = null;
        for (ApiToken token : tokens) {
            if (token.matches(digest) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<ApiToken> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokens file " + file + " (slipway.security.tokens-file)", e);
        }
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (fields.length != 3) {
                throw new ConfigurationException(where + ": expected '<name> <role> <sha256>', found " + fields.length + " field(s)");
            }
            tokens.add(token(fields[0], fields[1], fields[2], where));
        }
        return tokens;
    }

    private static ApiToken token(String name, String role, String sha256, String where) {
        Role parsed = Role.of(role).orElseThrow(() -> new ConfigurationException(where + ": role '" + role
                + "' is not one of viewer, operator, admin"));
        try {
            return new ApiToken(name, parsed, sha256);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": " + e.getMessage(), e);
        }
    }
}
