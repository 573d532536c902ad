package dev.slipway.webhook.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Parses hostile JSON: shallow nesting only, no duplicate keys (two readers must never see two
 * different documents in one body), and errors that say where the body went wrong. Before a body is
 * authenticated only {@link #fields} reads it, without building the document.
 */
public final class Payloads {
    // A repeated key is refused by the tree itself (the object it goes into already holds it), not by
    // the parser's STRICT_DUPLICATE_DETECTION, which keeps a set of every object's keys on the side:
    // the same refusal, at half the cost of parsing a delivery.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final String DUPLICATE = "Duplicate field ";

    // Neither duplicate detection nor a table of field names here: both remember every key, and a
    // hostile body can hold millions.
    private static final JsonFactory SCANNER = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
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

    /** The JSON document a stream holds, such as the decoded {@code payload} field of a form. */
    public static PayloadNode parse(InputStream json) {
        JsonNode root;
        try (json) {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidPayloadException("the body could not be read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidPayloadException("the body is empty; a JSON object was expected");
        }
        return root(root);
    }

    /**
     * The strings at the given dotted paths (objects only, never inside arrays), read as a stream
     * from a body that is not authenticated yet: everything else is skipped unread, so its memory
     * does not grow with the body, whatever the body holds. The first value of a path counts; a
     * body that repeats it is refused later, when it is parsed whole. Never fails: a body that
     * is not JSON gives what was found before the error.
     */
    public static Map<String, String> fields(InputStream json, Collection<String> dottedPaths) {
        Map<String, String> found = new HashMap<>();
        if (dottedPaths.isEmpty()) {
            return found;
        }
        // The objects on the way to a wanted field: "repository" for "repository.clone_url".
        Set<String> ways = new HashSet<>();
        for (String path : dottedPaths) {
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                ways.add(path.substring(0, dot));
            }
        }
        try (json; JsonParser parser = SCANNER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            scanObject(parser, "", ways, dottedPaths, found);
        } catch (IOException | RuntimeException e) {
            // What was found so far is all there is; parsing the body whole reports what is wrong with it.
        }
        return found;
    }

    /**
     * Reads the members of the object whose START_OBJECT was just read (at the dotted path
     * {@code at}, "" for the document), descending only toward wanted paths.
     */
    private static void scanObject(JsonParser parser, String at, Set<String> ways, Collection<String> wanted, Map<String, String> found)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String here = at.isEmpty() ? parser.currentName() : at + "." + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT && ways.contains(here)) {
                scanObject(parser, here, ways, wanted, found);
            } else if (value == JsonToken.VALUE_STRING && wanted.contains(here)) {
                found.putIfAbsent(here, parser.getText());
            } else {
                parser.skipChildren();
            }
            if (found.size() == wanted.size()) {
                return;
            }
        }
    }

    private static InvalidPayloadException invalid(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        if (problem.startsWith(DUPLICATE) && problem.contains(" for `")) {
            problem = problem.substring(0, problem.indexOf(" for `")); // "Duplicate field 'after'", without Jackson's names
        }
        return new InvalidPayloadException("the body is not valid JSON: " + problem
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
    }

    private static PayloadNode root(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidPayloadException("the body must be a JSON object");
        }
        return PayloadNode.root(root);
    }

    private static PayloadNode parse(byte[] body, int offset, int length) {
        JsonNode root;
        try {
            root = JSON.readTree(body, offset, length);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new InvalidPayloadException("the body could not be read: " + e.getMessage(), e);
        }
        return root(root);
    }
}
