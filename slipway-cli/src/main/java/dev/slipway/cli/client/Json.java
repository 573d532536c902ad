package dev.slipway.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;

import java.io.IOException;

/** The one ObjectMapper of the CLI: answers tolerate fields it does not know, as the services' bodies do. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .registerModule(new JavaTimeModule());

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a service's answer; one that is not JSON is that service's fault, said as such. */
    public static JsonNode parse(String service, byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, service + " answered something that is not JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
    }

    /** Reads a service's JSON as one of the CLI's views of it. */
    public static <T> T as(String service, JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CliException(ExitCode.FAILED, service + " answered JSON of an unexpected shape: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
    }

    /** What {@code --json} prints: the service's own JSON, indented. */
    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }
}
