package dev.slipway.webhook.plan;

import dev.slipway.events.domain.RepositoryUrl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Repository URLs with credentials in them ({@code https://TOKEN@host/...}) are refused in
 * configuration; a URL from a body goes into a message only through {@code Redacted.url}.
 */
public final class RepositoryUrls {
    private RepositoryUrls() {
    }

    /**
     * A configured clone URL, refused when it carries credentials. Only an ssh URL may name a user
     * ({@code ssh://git@github.com/...}): ssh proves who connects with a key, so its user is no
     * secret. In every other scheme the user part is where tokens are put, so any user is refused.
     * The message names the property and never the URL, which would print the credential.
     *
     * @throws PlanConfigurationException naming {@code property}
     */
    public static RepositoryUrl configured(String text, String property) {
        if (text == null || text.isBlank()) {
            throw new PlanConfigurationException(property + " is missing: set it to the repository's clone URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new PlanConfigurationException(property + " is not a URL (" + e.getReason() + "); write an scp-like address "
                    + "such as git@host:owner/repo.git as ssh://git@host/owner/repo.git");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            boolean sshUser = "ssh".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT)) && !userInfo.contains(":");
            if (!sshUser) {
                throw new PlanConfigurationException(property + " must not carry a password or token in its URL (user info before '@'): "
                        + "it would travel in every event and log line; remove it and give the service access otherwise "
                        + "(only an ssh URL may name a user, without a password)");
            }
        }
        try {
            return RepositoryUrl.of(text);
        } catch (IllegalArgumentException e) {
            // The contract's messages quote the URL; without user info (refused above) it holds no secret.
            throw new PlanConfigurationException(property + ": " + e.getMessage());
        }
    }

}
