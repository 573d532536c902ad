package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One numbered build of a plan, written {@code plan/number} (as in {@code /artifacts/plan/number}).
 * Build ids of one plan order by number.
 */
public record BuildId(PlanName plan, BuildNumber number) implements Comparable<BuildId> {

    public BuildId {
        Require.present(plan, "build.plan");
        Require.present(number, "build.number");
    }

    public static BuildId of(PlanName plan, long number) {
        return new BuildId(plan, BuildNumber.of(number));
    }

    @JsonCreator
    public static BuildId parse(String text) {
        Require.present(text, "build");
        int slash = text.lastIndexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("build id " + Quoted.of(text) + " must look like 'plan/number'");
        }
        long number;
        try {
            number = Long.parseLong(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("build id " + Quoted.of(text) + " must end in a build number");
        }
        return new BuildId(PlanName.of(text.substring(0, slash)), BuildNumber.of(number));
    }

    /** {@code plan-number}: a form that is itself a valid name for containers and apps (may exceed 63 chars). */
    public String slug() {
        return plan.value() + "-" + number.value();
    }

    @Override
    public int compareTo(BuildId other) {
        int byPlan = plan.compareTo(other.plan);
        return byPlan != 0 ? byPlan : number.compareTo(other.number);
    }

    @JsonValue
    @Override
    public String toString() {
        return plan.value() + "/" + number.value();
    }
}
