package dev.slipway.artifact.http;

import dev.slipway.artifact.store.ArtifactStore;
import dev.slipway.artifact.store.StoredBuild;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The stored builds over HTTP: what each build of a plan was made from, and its source archive,
 * so that anyone can see exactly what runs and fetch any earlier build to roll back to.
 *
 * <p>Everything here is a read, so a token with the viewer role (or more) may call it all; the
 * archive holds a repository's source, which is no more public than the repository.
 */
@Controller("/artifacts")
@Secured(Roles.VIEWER)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ArtifactController {
    static final MediaType GZIP = MediaType.of("application/gzip");
    private static final int MAX_LIMIT = 1000;

    private final ArtifactStore store;

    public ArtifactController(ArtifactStore store) {
        this.store = store;
    }

    /** A plan's builds, newest first. */
    @Get("/{plan}")
    public PlanBuilds builds(String plan, @QueryValue(defaultValue = "100") int limit) throws IOException {
        PlanName name = planName(plan);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        List<StoredBuild> builds = store.builds(name, limit);
        if (builds.isEmpty()) {
            throw new BuildNotFoundException("plan '" + name + "' has no stored builds");
        }
        return new PlanBuilds(name, builds);
    }

    @Get("/{plan}/{number}")
    public StoredBuild build(String plan, String number) throws IOException {
        return find(plan, number);
    }

    /** The archive, with its sha256 as entity tag and {@code Digest}, so a client can check what it got and cache it. */
    @Get(value = "/{plan}/{number}/source.tar.gz", produces = "application/gzip")
    public HttpResponse<StreamedFile> archive(String plan, String number,
                                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws IOException {
        StoredBuild build = find(plan, number);
        String entityTag = "\"" + build.sha256().hex() + "\"";
        String digest = "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(build.sha256().hex()));
        if (ifNoneMatch != null && (ifNoneMatch.contains(entityTag) || ifNoneMatch.strip().equals("*"))) {
            return HttpResponse.<StreamedFile>notModified().header(HttpHeaders.ETAG, entityTag);
        }
        InputStream archive = store.openArchive(build.sha256()).orElseThrow(() -> new IllegalStateException(
                "the archive " + build.sha256() + " of build " + build.build() + " is missing from the store"));
        return HttpResponse.ok(new StreamedFile(archive, GZIP, build.storedAt().toEpochMilli(), build.sizeBytes()))
                .header(HttpHeaders.ETAG, entityTag)
                .header("Digest", digest)
                // A build's archive never changes: it is named by plan and number, and stored by content.
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable")
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + build.plan() + "-" + build.number() + "-source.tar.gz\"");
    }

    private StoredBuild find(String plan, String number) throws IOException {
        BuildId id = new BuildId(planName(plan), buildNumber(number));
        return store.build(id).orElseThrow(() -> new BuildNotFoundException("build " + id + " does not exist"));
    }

    private static PlanName planName(String plan) {
        try {
            return PlanName.of(plan);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private static BuildNumber buildNumber(String number) {
        try {
            return BuildNumber.of(Long.parseLong(number));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("build number '" + (number.length() > 20 ? number.substring(0, 20) + "..." : number)
                    + "' is not a number");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /** The body of {@code GET /artifacts/{plan}}. */
    public record PlanBuilds(PlanName plan, List<StoredBuild> builds) {
    }
}
