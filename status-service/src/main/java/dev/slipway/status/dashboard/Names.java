package dev.slipway.status.dashboard;

import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;

/** Names from a dashboard address or form, or a 400 page that says what is wrong with them. */
final class Names {
    private Names() {
    }

    static PlanName plan(String plan) {
        try {
            return PlanName.of(plan);
        } catch (IllegalArgumentException e) {
            throw PageException.badRequest(e.getMessage());
        }
    }

    static EnvironmentName environment(String environment) {
        if (environment == null || environment.isBlank()) {
            throw PageException.badRequest("which environment? The address needs ?environment=<name>");
        }
        try {
            return EnvironmentName.of(environment);
        } catch (IllegalArgumentException e) {
            throw PageException.badRequest(e.getMessage());
        }
    }

    static int page(Integer page) {
        if (page != null && page < 0) {
            throw PageException.badRequest("page must be 0 or more, was " + page);
        }
        return page == null ? 0 : page;
    }
}
