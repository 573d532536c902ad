package dev.slipway.deploy.rollout;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP GET of an app's health path: healthy when it answers 2xx. It goes to the app's own
 * scheme, host and port ({@link HealthCheckPath#on}), so a descriptor cannot point it elsewhere.
 */
@Singleton
public class HealthProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            // A redirect is not health: the descriptor names the path that answers 2xx.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public Result check(URI app, HealthCheckPath path) {
        URI target = path.on(app);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Result(status >= 200 && status < 300, "GET " + target + " answered " + status);
        } catch (IOException e) {
            return new Result(false, "GET " + target + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "GET " + target + " was interrupted");
        }
    }

    public record Result(boolean healthy, String description) {
    }
}
