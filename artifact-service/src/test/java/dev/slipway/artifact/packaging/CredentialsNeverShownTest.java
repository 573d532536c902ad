package dev.slipway.artifact.packaging;

import dev.slipway.artifact.store.StoredBuild;
import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials written into a repository URL are refused in configuration, and a build record that
 * an older version kept with one is never shown or announced with it.
 */
class CredentialsNeverShownTest {
    private static final String TOKEN = "ghp_keptInAnOldRecordOrTheConfiguration";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "slipway.artifact.git.allowed | https://" + TOKEN + "@github.com/acme | slipway.artifact.git.allowed: an entry carries user info",
            "slipway.artifact.git.credentials[0].host | " + TOKEN + "@github.com | slipway.artifact.git.credentials: an entry's host carries user info",
    })
    void aTokenInsideAConfiguredUrlStopsTheStartWithoutShowingIt(String property, String value, String message) throws Exception {
        Path data = Files.createTempDirectory("artifact-config-");
        try {
            RunningService.Builder service = ArtifactServiceFixture.on(data).property(property, value);
            if (property.startsWith("slipway.artifact.git.credentials")) {
                service.property("slipway.artifact.git.credentials[0].token", "a-token");
            }
            Exception refused = assertThrows(Exception.class, () -> service.start().close());

            String messages = messages(refused);
            assertTrue(messages.contains(message), messages);
            assertFalse(messages.contains(TOKEN), "the token is shown: " + messages);
        } finally {
            Archives.deleteRecursively(data);
        }
    }

    @Test
    void aBuildAnOlderVersionRecordedWithATokenInItsUrlIsShownAndAnnouncedWithoutIt() throws Exception {
        Path data = Files.createTempDirectory("artifact-old-record-");
        PlanName plan = SampleEvents.uniquePlan("old-record");
        CommitSha commit = SampleEvents.COMMIT;
        String clean = "https://github.com/acme/shop.git";
        StoredBuild old = new StoredBuild(plan, BuildNumber.of(1), EventId.random(), Instant.parse("2026-11-01T10:00:00Z"),
                RepositoryUrl.of(clean), BranchName.of("main"), commit, Instant.parse("2026-11-01T09:00:00Z"),
                Author.of("Zoë Tester", "zoe@example.org"), "Before the upgrade", Trigger.PUSH, BuildDescriptor.defaults(plan, commit),
                Digest.of("sha256:" + "ab".repeat(32)), 278, URI.create("http://127.0.0.1:8082/artifacts/" + plan + "/1/source.tar.gz"));
        Path record = data.resolve("store/plans/" + plan + "/builds/1.json");
        Files.createDirectories(record.getParent());
        Files.writeString(record, new String(EventCodec.json().writeValueAsBytes(old), StandardCharsets.UTF_8)
                .replace(clean, clean.replace("https://", "https://" + TOKEN + "@")));
        Files.writeString(data.resolve("store/plans/" + plan + "/last-number"), "1");

        try (RunningService service = ArtifactServiceFixture.on(data).start()) {
            String shown = service.get("/artifacts/" + plan + "/1").expect(200).body();
            assertFalse(shown.contains(TOKEN), shown);
            assertEquals(clean, service.get("/artifacts/" + plan + "/1").json().get("repository").asText());
            assertFalse(service.get("/artifacts/" + plan).expect(200).body().contains(TOKEN));

            // The webhook service announces the commit again: it is answered with that build, without the token.
            CommitReceived again = ArtifactServiceFixture.commitReceived(plan, clean, commit);
            try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
                service.publish(again);
                ConsumerRecord<String, byte[]> announced = reader.await(service.emitted(plan), 1, Duration.ofSeconds(60)).get(0);
                assertFalse(new String(announced.value(), StandardCharsets.UTF_8).contains(TOKEN));
                ArtifactStored stored = EventCodec.fromRecord(announced, ArtifactStored.class);
                assertEquals(1, stored.build().number().value(), "the old build, not a second one");
                assertEquals(RepositoryUrl.of(clean), stored.repository());
            }
        } finally {
            Archives.deleteRecursively(data);
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append(" / ");
        }
        return all.toString();
    }
}
