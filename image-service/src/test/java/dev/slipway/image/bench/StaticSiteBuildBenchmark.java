package dev.slipway.image.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long a small static site takes from {@code ArtifactStored} to {@code ImageBuilt} when its
 * base image is already on the engine: download, extract, generate the Dockerfile, build, push
 * both tags, read the digest back. Each round has new content, so a new layer is really built and
 * pushed. Run with {@code ./mvnw -pl image-service test -Dtest=StaticSiteBuildBenchmark}; it
 * prints its figures and asserts nothing about time.
 */
class StaticSiteBuildBenchmark {
    private static final int WARM_UP = 1;
    private static final int ROUNDS = 8;

    @Test
    void buildAndPushASmallStaticSite(@TempDir Path data) throws Exception {
        PlanName plan = ImageServiceUnderTest.uniquePlan("bench");
        List<Duration> endToEnd = new ArrayList<>();
        List<Duration> inService = new ArrayList<>();
        try (ArtifactServer artifacts = ArtifactServer.start();
             TestDocker docker = new TestDocker();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of())) {
            for (int number = 1; number <= WARM_UP + ROUNDS; number++) {
                byte[] archive = site(plan, number);
                ArtifactStored artifact = Artifacts.stored(plan, number, artifacts.serve("/a/" + plan + "/" + number + ".tar.gz", archive),
                        archive, Artifacts.descriptor(plan).runtime("static").port(8080).build());
                Instant sent = Instant.now();
                service.send(artifact);
                ImageBuilt built = service.awaitBuilt(plan, number, Duration.ofMinutes(2)).get(number - 1);
                Duration total = Duration.between(sent, Instant.now());
                JsonNode view = service.get("/images/" + plan + "/" + number).json();
                Duration running = Duration.between(Instant.parse(view.get("startedAt").asText()), Instant.parse(view.get("finishedAt").asText()));
                if (number > WARM_UP) {
                    endToEnd.add(total);
                    inService.add(running);
                }
                System.out.printf("round %d%s: %d ms from ArtifactStored to ImageBuilt, %d ms download-to-digest (%s)%n", number,
                        number <= WARM_UP ? " (warm-up)" : "", total.toMillis(), running.toMillis(), built.image().digest());
            }
            docker.removeImagesOf(plan);
        }
        System.out.printf("StaticSiteBuildBenchmark: %d rounds, %d-file site, base image cached%n", ROUNDS, 12);
        System.out.printf("  ArtifactStored -> ImageBuilt  median %d ms, min %d ms, max %d ms%n",
                median(endToEnd), min(endToEnd), max(endToEnd));
        System.out.printf("  download -> pushed and digest  median %d ms, min %d ms, max %d ms%n",
                median(inService), min(inService), max(inService));
    }

    /** A dozen small pages and assets, different in every round. */
    private static byte[] site(PlanName plan, int round) {
        TarGz site = TarGz.archive().file("index.html", "<h1>" + plan + " build " + round + "</h1>\n");
        for (int page = 1; page <= 9; page++) {
            site.file("pages/page-" + page + ".html", ("<p>page " + page + " of build " + round + "</p>\n").repeat(50));
        }
        site.file("css/site.css", "body { font-family: sans-serif }\n".repeat(40));
        site.file("js/site.js", "console.log('build " + round + "');\n".repeat(40));
        return site.bytes();
    }

    private static long median(List<Duration> values) {
        List<Long> sorted = values.stream().map(Duration::toMillis).sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static long min(List<Duration> values) {
        return values.stream().mapToLong(Duration::toMillis).min().orElse(0);
    }

    private static long max(List<Duration> values) {
        return values.stream().mapToLong(Duration::toMillis).max().orElse(0);
    }
}
