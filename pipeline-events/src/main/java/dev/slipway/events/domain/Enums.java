package dev.slipway.events.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

final class Enums {
    private Enums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String field) {
        Require.present(text, field);
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("field '" + field + "' is " + Quoted.of(text) + "; expected one of " + allowed);
        }
    }
}
