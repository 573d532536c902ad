package dev.slipway.artifact.descriptor;

/** Quotes a value from a descriptor back in a message without echoing all of a hostile one. */
final class Quote {
    private Quote() {
    }

    static String shorten(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }
}
