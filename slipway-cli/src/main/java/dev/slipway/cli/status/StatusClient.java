package dev.slipway.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.client.EventFeed;
import dev.slipway.cli.client.Json;
import dev.slipway.cli.client.ServiceClient;
import dev.slipway.cli.client.SseEvent;
import dev.slipway.events.domain.PlanName;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** status-service's read API, each answer as its JSON (for {@code --json}) and as the CLI's view of it. */
public final class StatusClient {
    private static final String READ = "read from it";

    private final ServiceClient http;

    public StatusClient(ServiceClient http) {
        this.http = http;
    }

    /** An answer: the service's JSON as it came, and what the CLI reads from it. */
    public record Answer<T>(JsonNode json, T value) {
    }

    public Answer<PlanOverview.Plans> plans() {
        return answer(http.getJson(READ, "plans"), PlanOverview.Plans.class);
    }

    public Answer<PlanOverview> plan(PlanName plan) {
        return answer(http.getJson(READ, "plans", plan.value()), PlanOverview.class);
    }

    /** {@code page} and {@code size} left null take status-service's defaults. */
    public Answer<BuildPage> builds(PlanName plan, Integer page, Integer size) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", page == null ? null : page.toString());
        query.put("size", size == null ? null : size.toString());
        return answer(http.getJson(READ, query, "plans", plan.value(), "builds"), BuildPage.class);
    }

    /** {@code ref}: a number, {@code latest}, a commit (prefix of 7 or more) or a request id. */
    public Answer<Build> build(PlanName plan, String ref) {
        JsonNode json = http.getJson(READ, "plans", plan.value(), "builds", ref);
        return new Answer<>(json, new Build(Json.as(http.name(), json, BuildSummary.class), Json.as(http.name(), json, BuildDetails.class)));
    }

    public Answer<Monitoring> monitoring() {
        return answer(http.getJson(READ, "monitoring"), Monitoring.class);
    }

    /**
     * The live changes of one plan's builds. A status-service that does not serve a plan's stream
     * before it knows the plan answers 404 there; the stream of all plans then serves (the caller
     * filters by plan).
     */
    public EventFeed events(PlanName plan) {
        return EventFeed.open(http, "follow its events", List.of(new String[]{"plans", plan.value(), "events"}, new String[]{"events"}));
    }

    /** The build a {@code build} event carries; other events (there are none yet) are skipped. */
    public Optional<BuildSummary> build(SseEvent event) {
        if (!"build".equals(event.name())) {
            return Optional.empty();
        }
        return Optional.of(Json.as(http.name(), Json.parse(http.name(), event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8)), BuildSummary.class));
    }

    public String name() {
        return http.name();
    }

    private <T> Answer<T> answer(JsonNode json, Class<T> type) {
        return new Answer<>(json, Json.as(http.name(), json, type));
    }
}
