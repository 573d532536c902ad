package dev.slipway.events.domain;

/** Helpers for quoting hostile input back in error messages without echoing all of it. */
final class Names {
    private Names() {
    }

    static String shorten(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }
}
