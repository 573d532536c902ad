package dev.slipway.deploy.targets;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of cluster the deploy service speaks to. */
public enum TargetType {
    DOCKER, SWARM, MARATHON;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TargetType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target type '" + text + "' is unknown; use one of "
                    + Arrays.stream(values()).map(TargetType::json).collect(Collectors.joining(", ")));
        }
    }
}
