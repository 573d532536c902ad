package dev.slipway.image.http;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Quoted;
import dev.slipway.image.records.BuildRecord;
import dev.slipway.image.records.BuildStore;
import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.infrastructure.security.Roles;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a person looks at: a build's image (reference, digest, state, tags), its log, and the
 * Dockerfile it was built with. All of it is read-only, so a viewer's token is enough; nothing
 * here changes a build.
 */
@Secured(Roles.VIEWER)
@Controller("/images")
public class ImagesController {
    private final BuildStore store;

    public ImagesController(BuildStore store) {
        this.store = store;
    }

    @Get("/{plan}/{number}")
    ImageBuildView show(String plan, String number) {
        return ImageBuildView.of(record(plan, number));
    }

    @Get("/{plan}/{number}/log")
    @Produces(MediaType.TEXT_PLAIN)
    String log(String plan, String number) {
        BuildRecord record = record(plan, number);
        return readOr(store.logFile(record.build()), "");
    }

    @Get("/{plan}/{number}/dockerfile")
    @Produces(MediaType.TEXT_PLAIN)
    String dockerfile(String plan, String number) {
        BuildRecord record = record(plan, number);
        String content = readOr(store.dockerfile(record.build()), null);
        if (content == null) {
            throw new BuildNotFoundException("build " + record.build() + " has no Dockerfile yet (it is " + record.state().json() + ")");
        }
        return content;
    }

    private BuildRecord record(String plan, String number) {
        BuildId build = new BuildId(PlanName.of(plan), BuildNumber.of(parseNumber(number)));
        return store.find(build).orElseThrow(() -> new BuildNotFoundException("no image build " + build + " is known to this service"));
    }

    private static long parseNumber(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("build number " + Quoted.of(number) + " is not a number");
        }
    }

    private static String readOr(Path file, String missing) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return missing;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Error(exception = BuildNotFoundException.class)
    HttpResponse<ErrorMessage> notFound(HttpRequest<?> request, BuildNotFoundException e) {
        return HttpResponse.<ErrorMessage>notFound().body(new ErrorMessage(e.getMessage()));
    }

    @Error(exception = IllegalArgumentException.class)
    HttpResponse<ErrorMessage> badRequest(HttpRequest<?> request, IllegalArgumentException e) {
        return HttpResponse.<ErrorMessage>badRequest().body(new ErrorMessage(e.getMessage()));
    }
}
