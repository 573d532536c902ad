package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;
import dev.slipway.events.domain.RepositoryUrl;

/** The repository is not on the allow-list: it was not contacted, and will not be until the list changes. */
public class RepositoryNotAllowedException extends BuildFailure {
    public RepositoryNotAllowedException(RepositoryUrl repository, String why) {
        super("repository " + repository + " may not be fetched: " + why, false);
    }
}
