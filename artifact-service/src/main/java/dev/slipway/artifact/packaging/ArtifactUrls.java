package dev.slipway.artifact.packaging;

import dev.slipway.events.domain.BuildId;
import jakarta.inject.Singleton;

import java.net.URI;

/** The public address of a build's archive, as events and the HTTP API hand it out. */
@Singleton
public final class ArtifactUrls {
    private final String base;

    public ArtifactUrls(ArtifactServiceConfiguration configuration) {
        this.base = configuration.publicBaseUrl().toString().replaceAll("/+$", "");
    }

    public URI archive(BuildId build) {
        return URI.create(base + "/artifacts/" + build.plan().value() + "/" + build.number() + "/source.tar.gz");
    }
}
