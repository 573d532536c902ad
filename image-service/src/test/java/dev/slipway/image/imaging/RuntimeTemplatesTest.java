package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian-based runtimes: a PHP application and a runnable Java jar, each without a Dockerfile,
 * become images that serve the application. The first run installs PHP and a JRE from Debian's
 * mirror (a minute or two each); the engine's layer cache makes later runs quick, so each runtime
 * is built once here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeTemplatesTest {
    private static final Duration FIRST_BUILD = Duration.ofMinutes(8);

    private ArtifactServer artifacts;
    private ImageServiceUnderTest service;
    private TestDocker docker;
    private final List<PlanName> plans = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path data) {
        artifacts = ArtifactServer.start();
        docker = new TestDocker();
        service = ImageServiceUnderTest.start(artifacts, data, Map.of("slipway.image.verification.acceptance-timeout", "60s"));
    }

    @AfterAll
    void stop() throws Exception {
        service.close();
        docker.removeContainers();
        plans.forEach(docker::removeImagesKeepingPackageLayer);
        docker.close();
        artifacts.close();
    }

    @Test
    void aPhpApplicationRunsOnPhpsBuiltInServer() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("index.php", "<?php echo 'php says ' . (40 + 2) . ' in ' . getenv('APP_ENV');\n")
                .file("dependency.json", "{\"APP_ENV\": \"review\"}\n")
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).runtime("php").port(8000).environment(Map.of("APP_ENV", "review"))
                        .testCommand("php -l /app/index.php").acceptance("/", 200).build());

        service.send(artifact);
        ImageBuilt built = service.awaitBuilt(plan, FIRST_BUILD);

        URI app = docker.serve(built.image().byDigest(), 8000);
        HttpResponse<String> page = docker.get(app);
        assertEquals(200, page.statusCode());
        assertEquals("php says 42 in ", page.body(), "the page is PHP's output (APP_ENV is the deployment's to set)");
        String dockerfile = service.get("/images/" + plan + "/1/dockerfile").body();
        assertTrue(dockerfile.indexOf("apt-get install") < dockerfile.indexOf("COPY . /app/"),
                "packages are installed in a layer before the source, so it stays cached: " + dockerfile);
    }

    @Test
    void aRunnableJarRunsOnAJavaRuntime(@TempDir Path scratch) throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("README.md", "a tiny Java web app\n")
                .file("target/hello-1.0.jar", helloJar(scratch))
                .file("target/hello-1.0-sources.jar", new byte[]{'P', 'K'})
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).runtime("java").port(8080).build());

        service.send(artifact);
        ImageBuilt built = service.awaitBuilt(plan, FIRST_BUILD);

        URI app = docker.serve(built.image().byDigest(), 8080);
        HttpResponse<String> page = docker.get(app.resolve("/greeting"));
        assertEquals(200, page.statusCode());
        assertEquals("java says hello on port 8080", page.body());
        assertTrue(service.get("/images/" + plan + "/1/dockerfile").body().contains("COPY target/hello-1.0.jar /app/app.jar"));
    }

    /** A real runnable jar, compiled here: a web server on $PORT that greets. */
    private static byte[] helloJar(Path scratch) throws Exception {
        Path source = scratch.resolve("Hello.java");
        Files.writeString(source, String.join("\n",
                "import com.sun.net.httpserver.HttpServer;",
                "import java.net.InetSocketAddress;",
                "public class Hello {",
                "  public static void main(String[] args) throws Exception {",
                "    int port = Integer.parseInt(System.getenv(\"PORT\"));",
                "    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);",
                "    server.createContext(\"/\", exchange -> {",
                "      byte[] body = (\"java says hello on port \" + port).getBytes();",
                "      exchange.sendResponseHeaders(200, body.length);",
                "      exchange.getResponseBody().write(body);",
                "      exchange.close();",
                "    });",
                "    server.start();",
                "  }",
                "}", ""));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", scratch.toString(), source.toString());
        assertEquals(0, compiled, "the test app compiles");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            for (Path classFile : Files.newDirectoryStream(scratch, "*.class")) {
                out.putNextEntry(new JarEntry(classFile.getFileName().toString()));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        }
        return jar.toByteArray();
    }

    private PlanName plan() {
        PlanName plan = ImageServiceUnderTest.uniquePlan("runtime");
        plans.add(plan);
        return plan;
    }
}
