package dev.slipway.image.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ArtifactStored} to {@code ImageBuilt} for a small site, next to the bare Docker tools doing
 * the same build and push, alternately, in one run on one engine and registry: the ratio is what
 * to read (the machine is shared, absolute figures are noisy).
 *
 * <p>The site is the one of {@code bench/commit-to-served}: busybox httpd serving one
 * {@code index.html}, with the repository's own Dockerfile; its descriptor declares an acceptance
 * check ({@code GET /} answers 200), which Slipway runs on the image before it pushes and the bare
 * tools do not. Every round is a new commit (new content, so a new layer is built and pushed) for
 * both paths. Slipway's time is split per step, from the build's own {@code timings:} log line
 * ({@code download}, {@code extract}, {@code dockerfile}, {@code build} with the packing of the
 * context in it, {@code test}, {@code push} with the registry check, {@code records} for saving the
 * build's record), plus {@code queue} (the event sent until the build started: Kafka delivery, the
 * request recorded, the start reported) and {@code event} (the pipeline done until this benchmark
 * has {@code ImageBuilt}: the result recorded and published). The bare path is
 * {@code docker build} of the same files with the same Dockerfile, then {@code docker push} of one
 * tag (Slipway pushes two, the second only a manifest).
 *
 * <p>The first round of each path is the first build of a new image repository (cold: the base
 * layer goes to the registry, nothing is cached for the site) and is printed apart. Run with
 * {@code ./mvnw -B -pl image-service test -Dtest=StaticSiteBuildBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.rounds=N} for more warm rounds, {@code -Dbench.showLog=true} to print the last build's log); it
 * prints its figures and asserts nothing about time.
 */
class StaticSiteBuildBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern TIMINGS = Pattern.compile("\\] timings: (.*)$", Pattern.MULTILINE);
    private static final Pattern STEP = Pattern.compile("([a-z]+) (\\d+) ms");
    private static final Pattern PACKED = Pattern.compile("\\] build context: (\\d+) bytes, packed in (\\d+) ms");
    private static final List<String> STEPS = List.of("queue", "download", "extract", "dockerfile", "build", "test", "push",
            "records", "event", "other");

    private static String lastLog = "";

    @Test
    void buildAndPushASmallSiteNextToTheBareTools(@TempDir Path data) throws Exception {
        PlanName plan = ImageServiceUnderTest.uniquePlan("bench");
        String bareRepository = LocalStack.registry() + "/bench-bare/" + plan;
        List<Map<String, Long>> slipway = new ArrayList<>();
        List<Map<String, Long>> bare = new ArrayList<>();
        try (ArtifactServer artifacts = ArtifactServer.start();
             TestDocker docker = new TestDocker();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of())) {
            for (int round = 0; round <= ROUNDS; round++) {
                // Alternate which path goes first, so neither always finds the engine warmed by the other.
                Map<String, Long> ours;
                Map<String, Long> theirs;
                if (round % 2 == 0) {
                    ours = slipwayRound(service, artifacts, plan, round + 1);
                    theirs = bareRound(data, bareRepository, plan, round + 1);
                } else {
                    theirs = bareRound(data, bareRepository, plan, round + 1);
                    ours = slipwayRound(service, artifacts, plan, round + 1);
                }
                System.out.printf("round %d%s%n  slipway %5d ms  %s%n  bare    %5d ms  %s%n  ratio   %.2f%n", round + 1,
                        round == 0 ? " (cold: first build of a new image repository, left out of the medians)" : "",
                        ours.get("total"), steps(ours), theirs.get("total"), steps(theirs),
                        (double) ours.get("total") / theirs.get("total"));
                if (round > 0) {
                    slipway.add(ours);
                    bare.add(theirs);
                }
            }
            docker.removeImagesOf(plan);
            for (int round = 1; round <= ROUNDS + 1; round++) {
                docker.untag(ImageReference.parse(bareRepository + ":" + round));
            }
        }
        long ours = median(slipway, "total");
        long theirs = median(bare, "total");
        System.out.printf("%nStaticSiteBuildBenchmark: %d warm rounds, busybox httpd site with its own Dockerfile, acceptance check GET / -> 200%n",
                ROUNDS);
        System.out.printf("  slipway ArtifactStored -> ImageBuilt  median %d ms (min %d, max %d)%n", ours, min(slipway), max(slipway));
        System.out.printf("  bare docker build + docker push        median %d ms (min %d, max %d)%n", theirs, min(bare), max(bare));
        System.out.printf("  ratio of medians                       %.2f%n", (double) ours / theirs);
        System.out.printf("  slipway per step (medians): %s%n", STEPS.stream()
                .map(step -> step + " " + median(slipway, step)).collect(Collectors.joining(", ")));
        System.out.printf("    packing the context (inside build): %d ms%n", median(slipway, "pack"));
        System.out.printf("  bare per step (medians): build %d, push %d%n", median(bare, "build"), median(bare, "push"));
        if (Boolean.getBoolean("bench.showLog")) {
            System.out.println("\nThe last round's build log:\n" + lastLog);
        }
    }

    private static Map<String, Long> slipwayRound(ImageServiceUnderTest service, ArtifactServer artifacts, PlanName plan, int number)
            throws Exception {
        byte[] archive = site(plan, "slipway", number).bytes();
        ArtifactStored artifact = Artifacts.stored(plan, number, artifacts.serve("/a/" + plan + "/" + number + ".tar.gz", archive),
                archive, Artifacts.descriptor(plan).port(8080).acceptance("/", 200).build());
        Instant sent = Instant.now();
        service.send(artifact);
        ImageBuilt built = service.awaitBuilt(plan, number, BUILD_TIMEOUT).get(number - 1);
        Instant received = Instant.now();

        Map<String, Long> times = new LinkedHashMap<>();
        times.put("total", Duration.between(sent, received).toMillis());
        JsonNode view = service.get("/images/" + plan + "/" + number).json();
        times.put("queue", Duration.between(sent, Instant.parse(view.get("startedAt").asText())).toMillis());
        String log = service.get("/images/" + plan + "/" + number + "/log").body();
        lastLog = log;
        Matcher timings = TIMINGS.matcher(log);
        if (!timings.find()) {
            throw new AssertionError("the build log has no timings line:\n" + log);
        }
        for (String part : timings.group(1).split(", ")) {
            Matcher step = STEP.matcher(part.strip());
            if (step.matches()) {
                times.put(step.group(1), Long.parseLong(step.group(2)));
            }
        }
        Matcher packed = PACKED.matcher(log);
        times.put("pack", packed.find() ? Long.parseLong(packed.group(2)) : -1);
        times.put("event", Duration.between(built.time(), received).toMillis());
        long accounted = STEPS.stream().filter(s -> !s.equals("other")).mapToLong(s -> times.getOrDefault(s, 0L)).sum();
        times.put("other", times.get("total") - accounted);
        return times;
    }

    private static Map<String, Long> bareRound(Path data, String repository, PlanName plan, int number) throws Exception {
        Path directory = Files.createDirectories(data.resolve("bare-" + number));
        for (Map.Entry<String, String> file : siteFiles(plan, "bare", number).entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue());
        }
        String tag = repository + ":" + number;
        Map<String, Long> times = new LinkedHashMap<>();
        long start = System.nanoTime();
        docker("build", "-q", "-t", tag, directory.toString());
        long built = System.nanoTime();
        docker("push", "-q", tag);
        long pushed = System.nanoTime();
        times.put("total", (pushed - start) / 1_000_000);
        times.put("build", (built - start) / 1_000_000);
        times.put("push", (pushed - built) / 1_000_000);
        return times;
    }

    private static TarGz site(PlanName plan, String path, int number) {
        TarGz archive = TarGz.archive();
        siteFiles(plan, path, number).forEach(archive::file);
        return archive;
    }

    /** The bench/commit-to-served repository at its {@code number}th commit. */
    private static Map<String, String> siteFiles(PlanName plan, String path, int number) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Dockerfile", String.join("\n",
                "FROM " + LocalStack.busyboxImage(),
                "WORKDIR /www",
                "COPY index.html /www/",
                "EXPOSE 8080",
                "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]", ""));
        files.put("index.html", "<h1>" + plan + "</h1><p>" + path + " commit " + number + " " + System.nanoTime() + "</p>\n");
        return files;
    }

    /** The docker CLI on the tests' engine, with the legacy builder, as the image service uses it. */
    private static void docker(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DOCKER_HOST", LocalStack.dockerHost());
        builder.environment().put("DOCKER_BUILDKIT", "0");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    /** The steps in pipeline order ({@link #STEPS} for Slipway), packing shown inside build. */
    private static String steps(Map<String, Long> times) {
        List<String> order = times.containsKey("queue") ? STEPS : List.of("build", "push");
        return order.stream()
                .map(step -> step + " " + times.getOrDefault(step, 0L) + (step.equals("build") && times.containsKey("pack")
                        ? " (pack " + times.get("pack") + ")" : ""))
                .collect(Collectors.joining(", "));
    }

    private static long median(List<Map<String, Long>> rounds, String step) {
        List<Long> sorted = rounds.stream().map(r -> r.getOrDefault(step, 0L)).sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static long min(List<Map<String, Long>> rounds) {
        return rounds.stream().mapToLong(r -> r.get("total")).min().orElse(0);
    }

    private static long max(List<Map<String, Long>> rounds) {
        return rounds.stream().mapToLong(r -> r.get("total")).max().orElse(0);
    }
}
