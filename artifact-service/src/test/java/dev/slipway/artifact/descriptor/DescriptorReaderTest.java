package dev.slipway.artifact.descriptor;

import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.descriptor.AcceptanceCheck;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each descriptor rule from the README, read from a real commit. */
class DescriptorReaderTest {
    private static final PlanName PLAN = PlanName.of("shop-main");

    @TempDir
    Path temp;
    private TestRepository repository;
    private final DescriptorReader reader = new DescriptorReader(new DescriptorConfiguration(4096, 20));

    @BeforeEach
    void createRepository() {
        repository = TestRepository.create(temp, "shop");
    }

    @AfterEach
    void closeRepository() {
        repository.close();
    }

    @Test
    void aRepositoryWithNeitherFileGetsThePlanNameAndTheShortCommit() {
        CommitSha sha = repository.commit("main", "plain", Map.of("index.html", file("<h1>hi</h1>")));
        BuildDescriptor descriptor = read(sha);
        assertEquals(BuildDescriptor.defaults(PLAN, sha), descriptor);
        assertEquals("shop-main", descriptor.name());
        assertEquals(sha.shortSha(), descriptor.version());
        assertEquals("defaults", descriptor.source());
    }

    @Test
    void specJsonGivesNameAndVersionAndNothingElse() {
        BuildDescriptor descriptor = read(Map.of("spec.json",
                "{\"service\": {\"name\": \"shop\", \"version\": \"1.4.0\", \"owner\": \"team-a\"}, \"other\": [1, 2]}"));
        assertEquals("shop", descriptor.name());
        assertEquals("1.4.0", descriptor.version());
        assertEquals(Map.of(), descriptor.environment());
        assertEquals(Resources.DEFAULT, descriptor.resources());
        assertEquals("spec.json", descriptor.source());
    }

    @Test
    void dependencyJsonBecomesEnvironmentResourcesAndBuildSettings() {
        BuildDescriptor descriptor = read(Map.of("dependency.json", """
                {
                  "APP_ENV": "review",
                  "debug": false,
                  "ratio": 1.50,
                  "big": 1e3,
                  "workers": 4,
                  "db": {"host": "db.internal", "port": 5432, "options": {"ssl-mode": "require"}},
                  "php-extensions": ["gd", "curl"],
                  "matrix": [{"a": 1}],
                  "unset": null,
                  "service": {"name": "shop", "version": 2},
                  "resources": {"cpus": 0.5, "memory": "512m", "disk": "1g", "instances": 2},
                  "port": 8080,
                  "healthCheck": {"path": "/health"},
                  "runtime": "php",
                  "dockerfile": "docker/Dockerfile",
                  "buildArgs": ["APP_ENV"],
                  "test": "php -l index.php",
                  "acceptance": {"path": "/", "status": 200}
                }
                """));
        Map<String, String> expected = new HashMap<>();
        expected.put("APP_ENV", "review");
        expected.put("debug", "false");
        expected.put("ratio", "1.50");
        expected.put("big", "1000");
        expected.put("workers", "4");
        expected.put("db_host", "db.internal");
        expected.put("db_port", "5432");
        expected.put("db_options_ssl_mode", "require");
        expected.put("php_extensions", "gd,curl");
        expected.put("matrix", "[{\"a\":1}]");
        assertEquals(expected, descriptor.environment());
        assertEquals("shop", descriptor.name());
        assertEquals("2", descriptor.version());
        assertEquals(new Resources(0.5, 512, 1024, 2), descriptor.resources());
        assertEquals(8080, descriptor.port());
        assertEquals("/health", descriptor.healthCheckPath());
        assertEquals("php", descriptor.runtime());
        assertEquals("docker/Dockerfile", descriptor.dockerfile());
        assertEquals(List.of("APP_ENV"), descriptor.buildArgs());
        assertEquals("php -l index.php", descriptor.testCommand());
        assertEquals(new AcceptanceCheck("/", 200), descriptor.acceptance());
        assertEquals("dependency.json", descriptor.source());
    }

    @Test
    void aMinimalDependencyJsonKeepsTheDefaultsForEverythingItDoesNotSay() {
        CommitSha sha = repository.commit("main", "deps", Map.of("dependency.json", file("{\"APP_ENV\": \"review\"}")));
        BuildDescriptor descriptor = read(sha);
        assertEquals("shop-main", descriptor.name());
        assertEquals(sha.shortSha(), descriptor.version());
        assertEquals(Map.of("APP_ENV", "review"), descriptor.environment());
        assertEquals(Resources.DEFAULT, descriptor.resources());
        assertEquals(BuildDescriptor.DEFAULT_PORT, descriptor.port());
        assertEquals(BuildDescriptor.DEFAULT_HEALTH_CHECK_PATH, descriptor.healthCheckPath());
        assertNull(descriptor.acceptance());
        assertNull(descriptor.runtime());
    }

    @Test
    void withBothFilesSpecJsonNamesTheServiceAndDependencyJsonDescribesTheRest() {
        BuildDescriptor descriptor = read(Map.of(
                "spec.json", "{\"service\": {\"name\": \"shop-frontend\", \"version\": \"3.1.0\"}}",
                "dependency.json", "{\"service\": {\"name\": \"ignored\", \"version\": \"0.0.1\"}, \"APP_ENV\": \"qa\","
                        + " \"resources\": {\"memory\": 256}, \"healthCheck\": \"/ping\"}"));
        assertEquals("shop-frontend", descriptor.name());
        assertEquals("3.1.0", descriptor.version());
        assertEquals(Map.of("APP_ENV", "qa"), descriptor.environment());
        assertEquals(256, descriptor.resources().memoryMb());
        assertEquals("/ping", descriptor.healthCheckPath());
        assertEquals("dependency.json+spec.json", descriptor.source());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "512m | 512", "1g | 1024", "1.5G | 1536", "256Mi | 256", "8192k | 8", "1 TiB | 1048576", "300 | 300"})
    void memoryUnits(String memory, long expectedMib) {
        String value = memory.matches("[0-9]+") ? memory : "\"" + memory + "\"";
        BuildDescriptor descriptor = read(Map.of("dependency.json", "{\"resources\": {\"memory\": " + value + "}}"));
        assertEquals(expectedMib, descriptor.resources().memoryMb());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // file | content | what the reason must say
            "dependency.json | {\"a\": 1,\\n  \"b\": } | `dependency.json: is not valid JSON at line 2, column 8`",
            "dependency.json | {\"resources\": {\"cpus\": -1}} | `dependency.json: resources.cpus must be more than 0`",
            "dependency.json | {\"resources\": {\"memory\": \"512x\"}} | `dependency.json: resources.memory has the unknown unit 'x'`",
            "dependency.json | {\"resources\": {\"memory\": \"lots\"}} | `dependency.json: resources.memory must be a size such as 512m or 1g`",
            "dependency.json | {\"resources\": {\"gpus\": 1}} | `dependency.json: resources.gpus is not a known field`",
            "dependency.json | {\"resources\": {\"instances\": 0}} | `dependency.json: resources.instances must be between 1 and 1000`",
            "dependency.json | {\"port\": 70000} | `dependency.json: port must be between 1 and 65535`",
            "dependency.json | {\"healthCheck\": \"health\"} | `dependency.json: healthCheck.path must be a path on the application itself: it does not start with '/'`",
            "dependency.json | {\"healthCheck\": \"//169.254.169.254/latest/meta-data\"} | `dependency.json: healthCheck.path must be a path on the application itself: it starts with '//', which makes the rest a host name`",
            "dependency.json | {\"healthCheck\": {\"path\": \"/\\\\169.254.169.254/\"}} | `dependency.json: healthCheck.path must be a path on the application itself: it holds a backslash`",
            "dependency.json | {\"healthCheck\": \"/health\\u000d\\u000aHost: evil\"} | `dependency.json: healthCheck.path must be a path on the application itself: it holds a control character or a space`",
            "dependency.json | {\"acceptance\": \"//169.254.169.254/\"} | `dependency.json: acceptance.path must be a path on the application itself: it starts with '//', which makes the rest a host name`",
            "dependency.json | {\"acceptance\": {\"path\": \"/ok\\u0000\"}} | `dependency.json: acceptance.path must be a path on the application itself: it holds a control character or a space`",
            "dependency.json | {\"buildArgs\": [\"MISSING\"]} | `dependency.json: buildArgs names 'MISSING'`",
            "dependency.json | {\"2fa\": true} | `dependency.json: '2fa' cannot be an environment variable`",
            "dependency.json | {\"db_host\": \"a\", \"db\": {\"host\": \"b\"}} | `dependency.json: 'db_host' and 'db.host' both become`",
            "dependency.json | {\"a\": 1, \"a\": 2} | `dependency.json: is not valid JSON at line 1, column`",
            "dependency.json | [1, 2] | `dependency.json: must hold a JSON object at the top level, not an array`",
            "dependency.json | {\"service\": {\"name\": \"Shop Front\"}} | `dependency.json: service.name 'Shop Front' cannot be an image name`",
            "spec.json | {\"service\": {\"name\": \"Shop_\"}} | `spec.json: service.name 'Shop_' cannot be an image name`",
            "spec.json | {\"service\": {\"version\": \"-1\"}} | `spec.json: service.version '-1' cannot be part of an image tag`",
            "spec.json | {\"name\": \"shop\"} | `spec.json: service is missing`",
            "spec.json | {\"service\": {\"name\": 42}} | `spec.json: service.name must be a string, not a number`",
    })
    void anInvalidDescriptorNamesTheFileTheFieldAndWhatIsWrong(String file, String content, String expected) {
        // A CSV row is one line; a "\\n" in it stands for a line break in the file.
        InvalidDescriptorException invalid = assertThrows(InvalidDescriptorException.class,
                () -> read(Map.of(file, content.replace("\\n", "\n"))));
        assertTrue(invalid.getMessage().startsWith(expected), invalid.getMessage());
        assertFalse(invalid.retryable(), "a broken descriptor stays broken until someone changes it");
    }

    @Test
    void hostileDescriptorsAreRefusedBeforeTheyCostMuch() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertMessage(Map.of("dependency.json", deep), "dependency.json: is nested too deeply");
        assertMessage(Map.of("dependency.json", "{\"x\": \"" + "y".repeat(5000) + "\"}"),
                "dependency.json: is 5009 bytes; at most 4096 are read");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"V").append(i).append("\": 1");
        }
        assertMessage(Map.of("dependency.json", many.append("}").toString()),
                "dependency.json: yields more than 20 environment variables");
        CommitSha linked = repository.commit("main", "link", Map.of("dependency.json", TestRepository.symlink("/etc/passwd")));
        InvalidDescriptorException link = assertThrows(InvalidDescriptorException.class, () -> read(linked));
        assertTrue(link.getMessage().startsWith("dependency.json: is a symbolic link"), link.getMessage());
    }

    private void assertMessage(Map<String, String> files, String expected) {
        InvalidDescriptorException invalid = assertThrows(InvalidDescriptorException.class, () -> read(files));
        assertTrue(invalid.getMessage().startsWith(expected), invalid.getMessage());
    }

    private BuildDescriptor read(Map<String, String> files) {
        Map<String, TestRepository.Content> tree = new HashMap<>();
        files.forEach((name, content) -> tree.put(name, file(content)));
        tree.put("index.php", file("<?php echo 'hi';"));
        return read(repository.commit("main", "descriptor", tree));
    }

    private BuildDescriptor read(CommitSha sha) {
        try (RevWalk walk = new RevWalk(repository.repository())) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(sha.value()));
            return reader.read(repository.repository(), commit, PLAN, sha);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
