package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.webhook.authentication.Signatures;
import dev.slipway.webhook.plan.WebhookSecret;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** The sample deliveries under {@code src/test/resources/payloads}, and what tests do with them. */
public final class Samples {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Samples() {
    }

    public static byte[] body(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/payloads/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample payload " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(body(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(body(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A sample with one of its commit ids replaced by {@code commit} wherever it appears: a plan
     * builds a commit once, so each test that expects a build sends a commit of its own.
     */
    public static byte[] withCommit(String name, String sampleCommit, CommitSha commit) {
        String text = text(name);
        if (!text.contains(sampleCommit)) {
            throw new IllegalArgumentException("sample " + name + " has no commit " + sampleCommit);
        }
        return text.replace(sampleCommit, commit.value()).getBytes(StandardCharsets.UTF_8);
    }

    /** A commit id no other test uses. */
    public static CommitSha newCommit() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return CommitSha.of(HexFormat.of().formatHex(bytes));
    }

    /** {@code sha256=<hex>}: what GitHub and Bitbucket put in their signature headers. */
    public static String signature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(Signatures.hmacSha256(WebhookSecret.ofNullable(secret), body));
    }

    public static String deliveryId() {
        return UUID.randomUUID().toString();
    }

    public static String secret() {
        return "s3cr3t-" + UUID.randomUUID();
    }

    /**
     * A sample changed as a test needs it (a fork's head repository, a missing field), written
     * back as JSON: the rest of the provider's document stays as the provider sent it.
     */
    public static byte[] edited(byte[] sample, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(sample);
            change.accept(root);
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object at a JSON pointer of an edited sample, e.g. {@code at(root, "/pull_request/head")}. */
    public static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    public static PullRequestClosed pullRequestClosed(ConsumerRecord<String, byte[]> record) {
        return EventCodec.fromRecord(record, PullRequestClosed.class);
    }

    public static PullRequestClosed onlyClosed(List<ConsumerRecord<String, byte[]>> records) {
        if (records.size() != 1) {
            throw new AssertionError("expected exactly one PullRequestClosed, got " + records.size());
        }
        return pullRequestClosed(records.get(0));
    }

    public static CommitReceived commitReceived(ConsumerRecord<String, byte[]> record) {
        return EventCodec.fromRecord(record, CommitReceived.class);
    }

    public static CommitReceived only(List<ConsumerRecord<String, byte[]>> records) {
        if (records.size() != 1) {
            throw new AssertionError("expected exactly one CommitReceived, got " + records.size());
        }
        return commitReceived(records.get(0));
    }
}
