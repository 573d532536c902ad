package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;

/**
 * The Git host answered with a redirect to another address. It is not followed: the allow-list
 * judged the URL the event named, and JGit would send the token configured for this host to
 * whatever host the redirect names. Until the plan names the new address it fails the same way.
 */
public class RepositoryRedirectedException extends BuildFailure {
    public RepositoryRedirectedException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
