package dev.slipway.deploy.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;

/**
 * The body of {@code POST /deployments}, read by hand: it comes from people and scripts, so each
 * thing that can be wrong with it gets a message naming the field.
 */
record DeploymentRequestBody(PlanName plan, BuildNumber buildNumber, EnvironmentName environment) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_LENGTH = 64 * 1024;

    static DeploymentRequestBody parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the body must be a JSON object with plan, buildNumber and environment");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            throw new IllegalArgumentException("the body is longer than " + MAX_BODY_LENGTH + " characters");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object with plan, buildNumber and environment");
        }
        return new DeploymentRequestBody(
                PlanName.of(text(json, "plan")),
                BuildNumber.of(number(json, "buildNumber")),
                EnvironmentName.of(text(json, "environment")));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static long number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be a whole number");
        }
        return value.asLong();
    }
}
