package dev.slipway.events.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

final class Enums {
    private Enums() {
    }

    /** An enum constant as the events spell it: lowercase, words joined by '-' ({@code rolled-back}). */
    static String json(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String field) {
        Require.present(text, field);
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(Enums::json)
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("field '" + field + "' is " + Quoted.of(text) + "; expected one of " + allowed);
        }
    }
}
