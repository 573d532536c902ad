package dev.slipway.webhook.provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Parses hostile JSON: shallow nesting only, no duplicate keys (two readers must never see two
 * different documents in one body), and errors that say where the body went wrong.
 */
public final class Payloads {
    private static final ObjectMapper JSON = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Payloads() {
    }

    public static PayloadNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidPayloadException("the body is empty; a JSON object was expected");
        }
        return parse(body, 0, body.length);
    }

    public static PayloadNode parse(String json) {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static PayloadNode parse(byte[] body, int offset, int length) {
        JsonNode root;
        try {
            root = JSON.readTree(body, offset, length);
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new InvalidPayloadException("the body could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPayloadException("the body must be a JSON object");
        }
        return PayloadNode.root(root);
    }
}
