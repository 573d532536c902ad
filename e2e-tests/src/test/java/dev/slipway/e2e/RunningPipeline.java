package dev.slipway.e2e;

import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.GitDaemon;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.ServiceProcess;
import dev.slipway.testing.TestTokens;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole pipeline with real parts, as a user runs it: Git repositories served by git's own
 * daemon, the five services as separate processes from their runnable jars (authentication on), the
 * stack's Kafka broker, Docker engine and registry, and the {@code slipway} CLI pointed at them.
 *
 * <p>Starting it takes a minute or two of the suite, so the test classes share one: a class gets it
 * as a parameter of its {@code @BeforeAll} through {@link Shared}, and it is closed once, after the
 * last class. Each class pushes to plans of its own ({@link #REPOSITORIES}), so build numbers, events
 * and deployments of one class never show up in another's assertions.
 */
final class RunningPipeline implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("slipway.version", "0.1.0-SNAPSHOT");
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    static final String GITHUB_SECRET = "e2e-github-" + UUID.randomUUID();
    static final String GITLAB_TOKEN = "e2e-gitlab-" + UUID.randomUUID();
    /** Small heaps and the quick compiler: five services, the stack and a browser share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * The repositories the suite pushes to, by key: each is the plan {@code e2e-<run>-<key>}, served
     * as {@code <name>}. PipelineEndToEndIT uses the first four and the last, DashboardIT the two before it. The webhook
     * service learns its plans at start-up, so every class's plans are named here.
     */
    private static final Map<String, String> REPOSITORIES = orderedMap(
            "hello", "hello.git", "gl", "team-site.git", "guarded", "guarded.git", "broken", "broken.git",
            "dash", "dash-site.git", "dash-broken", "dash-broken.git", "pr", "slipway/preview.git");

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Path work;
    private final Path logDir;
    private final Map<String, ExampleRepository> repositories = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> modules = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Map<String, String>> properties = new LinkedHashMap<>();
    private GitDaemon git;
    /** GitHub's commit status API, standing in for it: status-service reports the builds of {@code slipway/...} repositories there. */
    private GitHubStatuses githubStatuses;
    private SlipwayCli cli;

    private RunningPipeline() throws IOException {
        work = Files.createTempDirectory("slipway-e2e-");
        logDir = work.resolve("logs");
    }

    /** Starts everything and waits until every service is healthy; on failure, stops what it started. */
    static RunningPipeline start() throws Exception {
        RunningPipeline pipeline = new RunningPipeline();
        try {
            pipeline.startAll();
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path served = Files.createDirectories(work.resolve("git"));
        for (Map.Entry<String, String> repository : REPOSITORIES.entrySet()) {
            String key = repository.getKey();
            repositories.put(key, ExampleRepository.create(served, repository.getValue(), work.resolve(key + "-work"), plan(key)));
        }
        git = GitDaemon.serve(served);
        githubStatuses = GitHubStatuses.start();

        // Each service's consumer group is new and starts at the end of its topics, so the run sees
        // only its own events, never what earlier runs left on the shared broker.
        String artifactGroup = "e2e-" + run + "-artifact";
        String imageGroup = "e2e-" + run + "-image";
        String deployGroup = "e2e-" + run + "-deploy";
        RunningService.startAtEnd(artifactGroup, PipelineConsumer.ARTIFACT_SERVICE.topics());
        RunningService.startAtEnd(imageGroup, PipelineConsumer.IMAGE_SERVICE.topics());
        RunningService.startAtEnd(deployGroup, PipelineConsumer.DEPLOY_SERVICE.topics());

        for (String name : List.of("webhook", "artifact", "image", "deploy", "status")) {
            ports.put(name, FreePorts.next());
        }
        // Authentication on, as a user runs it: every service accepts the test's tokens (by their
        // hashes), image-service downloads archives with a viewer token, and every API call of the
        // tests carries the token of the least role it needs.
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        TestTokens.properties().forEach((name, value) -> common.put(name, String.valueOf(value)));

        Map<String, String> webhook = new HashMap<>(common);
        for (Map.Entry<String, String> repository : REPOSITORIES.entrySet()) {
            webhook.put("slipway.plans." + plan(repository.getKey()) + ".repository", git.url(repository.getValue()));
            webhook.put("slipway.plans." + plan(repository.getKey()) + ".branches", "main");
        }
        webhook.put("slipway.webhook.providers.github.secret", GITHUB_SECRET);
        webhook.put("slipway.webhook.providers.gitlab.secret", GITLAB_TOKEN);
        configure("webhook", "webhook-service", webhook);

        Map<String, String> artifact = new HashMap<>(common);
        artifact.put(PipelineConsumer.ARTIFACT_SERVICE.property(), artifactGroup);
        artifact.put("slipway.artifact.public-base-url", base("artifact").toString());
        artifact.put("slipway.artifact.store.root", work.resolve("artifacts").toString());
        artifact.put("slipway.artifact.git.mirror-root", work.resolve("mirrors").toString());
        artifact.put("slipway.artifact.git.allowed", "git://127.0.0.1:" + git.port());
        configure("artifact", "artifact-service", artifact);

        Map<String, String> image = new HashMap<>(common);
        image.put(PipelineConsumer.IMAGE_SERVICE.property(), imageGroup);
        image.put("slipway.image.builds.storage-directory", work.resolve("image/builds").toString());
        image.put("slipway.image.builds.work-directory", work.resolve("image/work").toString());
        image.put("slipway.image.artifacts.allowed-url-prefixes", base("artifact") + "/");
        image.put("slipway.image.registry.address", LocalStack.registry());
        image.put("slipway.image.artifacts.token", TestTokens.of(Role.VIEWER));
        image.put("slipway.image.builds.plan-pattern", "e2e-" + run + "-.*");
        configure("image", "image-service", image);

        Map<String, String> deploy = new HashMap<>(common);
        deploy.put(PipelineConsumer.DEPLOY_SERVICE.property(), deployGroup);
        deploy.put("slipway.deploy.state-dir", work.resolve("deploy").toString());
        deploy.put("slipway.deploy.environments.review.kind", "per-build");
        deploy.put("slipway.deploy.environments.review.keep", "3");
        deploy.put("slipway.deploy.environments.production.kind", "stable");
        deploy.put("slipway.deploy.environments.preview.kind", "preview");
        configure("deploy", "deploy-service", deploy);

        // status-service reads every topic from the beginning into a database of its own, and
        // watches the run's consumer groups (the same properties name them as in the stages). Its
        // dashboard triggers builds through webhook-service and deploys through deploy-service.
        Map<String, String> status = new HashMap<>(common);
        status.put(PipelineConsumer.STATUS_SERVICE.property(), "e2e-" + run + "-status");
        status.put(PipelineConsumer.ARTIFACT_SERVICE.property(), artifactGroup);
        status.put(PipelineConsumer.IMAGE_SERVICE.property(), imageGroup);
        status.put(PipelineConsumer.DEPLOY_SERVICE.property(), deployGroup);
        status.put("slipway.status.database-dir", work.resolve("status").toString());
        status.put("slipway.status.links.image-service", base("image").toString());
        status.put("slipway.status.links.webhook-service", base("webhook").toString());
        status.put("slipway.status.links.deploy-service", base("deploy").toString());
        // Repositories on the git daemon's host with an owner/name path (slipway/preview.git) are "on GitHub".
        status.put("slipway.status.git-hosts.github.provider", "github");
        status.put("slipway.status.git-hosts.github.host", "127.0.0.1");
        status.put("slipway.status.git-hosts.github.api-url", githubStatuses.url().toString());
        status.put("slipway.status.git-hosts.github.token", GitHubStatuses.TOKEN);
        status.put("slipway.status.host-status.dashboard-url", base("status").toString());
        configure("status", "status-service", status);

        for (String name : properties.keySet()) {
            services.put(name, launch(name));
        }
        cli = new SlipwayCli(ROOT, work.resolve("cli-data"), Map.of(
                "status", base("status"), "webhook", base("webhook"), "deploy", base("deploy"), "image", base("image")),
                TestTokens.of(Role.OPERATOR));
        for (ServiceProcess service : services.values()) {
            service.awaitHealthy(START_TIMEOUT);
        }
    }

    private void configure(String name, String module, Map<String, String> serviceProperties) {
        modules.put(name, module);
        properties.put(name, serviceProperties);
    }

    /** The module's packaged jar in its own JVM, as a user runs it. */
    private ServiceProcess launch(String name) throws IOException {
        return ServiceProcess.ofJar(ROOT, modules.get(name), VERSION, JVM_OPTIONS, ports.get(name), properties.get(name), logDir);
    }

    private URI base(String service) {
        return URI.create("http://127.0.0.1:" + ports.get(service));
    }

    /** This run's id: part of every plan's name, and of the markers a class puts in its pages. */
    String run() {
        return run;
    }

    /** The plan of the repository {@code key} (one of {@link #REPOSITORIES}). */
    String plan(String key) {
        if (!REPOSITORIES.containsKey(key)) {
            throw new IllegalArgumentException("no repository '" + key + "' in the pipeline: " + REPOSITORIES.keySet());
        }
        return "e2e-" + run + "-" + key;
    }

    ExampleRepository repository(String key) {
        return repositories.get(key);
    }

    /** The Git URL the webhook service knows the repository {@code key} by. */
    String repositoryUrl(String key) {
        return git.url(REPOSITORIES.get(key));
    }

    GitDaemon git() {
        return git;
    }

    GitHubStatuses githubStatuses() {
        return githubStatuses;
    }

    /** A running service by its short name: webhook, artifact, image, deploy or status. */
    ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalStateException(name + "-service is not running");
        }
        return service;
    }

    /** The running services by short name; a live view, which follows {@link #stop} and {@link #restart}. */
    Map<String, ServiceProcess> services() {
        return Collections.unmodifiableMap(services);
    }

    /** {@code bin/slipway} with the operator's token, pointed at this pipeline's services. */
    SlipwayCli cli() {
        return cli;
    }

    /** A GitHub push of {@code commit} (after {@code before}) to the repository {@code key}'s main branch, signed. */
    HttpAnswer pushed(String key, String before, String commit, String message) throws Exception {
        String fullName = "slipway/" + REPOSITORIES.get(key).replace(".git", "");
        return Webhooks.sendGithub(service("webhook").url("/webhooks/github"), "push",
                Webhooks.githubPush(repositoryUrl(key), fullName, "main", before, commit, message), GITHUB_SECRET);
    }

    /** Stops one service (SIGTERM), as an operator or a crash would. */
    void stop(String name) throws InterruptedException {
        ServiceProcess service = services.remove(name);
        if (service != null) {
            service.close();
        }
    }

    /** Starts a stopped service again, on the same port with the same properties, and waits until it is healthy. */
    void restart(String name) throws IOException {
        if (services.containsKey(name)) {
            throw new IllegalStateException(name + "-service is running");
        }
        ServiceProcess service = launch(name);
        services.put(name, service);
        service.awaitHealthy(START_TIMEOUT);
    }

    /** Starts again what an earlier class stopped and left stopped (it failed halfway, say). */
    void restartStopped() throws IOException {
        for (String name : properties.keySet()) {
            if (!services.containsKey(name)) {
                restart(name);
            } else if (!services.get(name).isAlive()) {
                services.remove(name);
                restart(name);
            }
        }
    }

    /** The end of every service's log, for a failure message. */
    String logs() {
        StringBuilder text = new StringBuilder();
        services.forEach((name, service) -> text.append("--- ").append(name).append(" ---\n").append(service.tail()).append('\n'));
        return text.toString();
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : new ArrayList<>(services.values())) {
            service.close();
        }
        services.clear();
        if (git != null) {
            git.close();
        }
        if (githubStatuses != null) {
            githubStatuses.close();
        }
        for (ExampleRepository repository : repositories.values()) {
            repository.close();
        }
        String[] plans = REPOSITORIES.keySet().stream().map(this::plan).toArray(String[]::new);
        Containers.removeNamedAfter(plans);
        Containers.forgetStableUrls(plans);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Gives a {@code RunningPipeline} parameter (of a {@code @BeforeAll}, say) the suite's one
     * pipeline: started by the first class that asks, kept in the root context's store, and closed
     * by JUnit when that store closes, after the last class. Each class gets it with every service
     * running, even if the class before stopped one and failed before starting it again.
     */
    static final class Shared implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningPipeline.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RunningPipeline.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            RunningPipeline pipeline = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunningPipeline.class, type -> {
                try {
                    return start();
                } catch (Exception e) {
                    throw new IllegalStateException("the pipeline did not start: " + e.getMessage(), e);
                }
            }, RunningPipeline.class);
            try {
                pipeline.restartStopped();
            } catch (IOException e) {
                throw new IllegalStateException("a stopped service did not start again: " + e.getMessage(), e);
            }
            return pipeline;
        }
    }
}
