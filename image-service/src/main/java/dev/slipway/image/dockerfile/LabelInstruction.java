package dev.slipway.image.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Appends an image's labels to a Dockerfile as one {@code LABEL} line, so the engine applies them
 * all in one step. (Sent as the engine's {@code labels} build parameter instead, the legacy
 * builder makes one {@code LABEL} step, with its own container and commit, per label.) The line
 * belongs to the last stage, which is the image.
 *
 * <p>The values are hostile input (a descriptor's version, a repository's URL), and the
 * Dockerfile is the repository's. So the line is written to mean exactly its labels whatever
 * either holds, reading the Dockerfile as the engine's parser does:
 * <ul>
 *   <li>each value is double-quoted, with {@code "}, {@code $} (LABEL substitutes variables) and
 *       the escape character escaped by the escape character; a {@code # escape=} parser directive
 *       of the Dockerfile decides which character that is ({@code \} or a backtick);</li>
 *   <li>a value cannot end the line or start another instruction: line breaks and every other
 *       control character become U+FFFD;</li>
 *   <li>a Dockerfile whose last instruction ends with a line continuation would join the LABEL
 *       line to that instruction; the engine ends an instruction at the end of the file anyway,
 *       so that trailing continuation character is taken off (and only that).</li>
 * </ul>
 */
public final class LabelInstruction {
    /** What a label key may be here: the reverse-DNS names Slipway uses, nothing to quote. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");
    /** The parser's directive syntax ({@code # escape=`}); Go's {@code \s} is these five, and its {@code .} takes any character. */
    private static final Pattern DIRECTIVE = Pattern.compile("#[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*",
            Pattern.DOTALL);
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    static final String COMMENT = "# Image labels added by Slipway, all in one step";

    private LabelInstruction() {
    }

    /**
     * @return {@code dockerfile} with the labels appended in one {@code LABEL} line (unchanged when there are none)
     * @throws IllegalArgumentException when a key is not a plain lowercase label name
     */
    public static String appendTo(String dockerfile, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return dockerfile;
        }
        char escape = escapeCharacter(dockerfile);
        StringBuilder out = new StringBuilder(endingItsLastInstruction(dockerfile, escape));
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        out.append(COMMENT).append('\n').append("LABEL");
        labels.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("label key '" + key + "' is not a lowercase reverse-DNS name");
            }
            out.append(' ').append(key).append("=\"").append(quoted(value, escape)).append('"');
        });
        return out.append('\n').toString();
    }

    /** The character that escapes, and continues lines, in this Dockerfile: {@code \} unless a parser directive says otherwise. */
    static char escapeCharacter(String dockerfile) {
        char escape = '\\';
        boolean seen = false;
        List<String> lines = lines(dockerfile);
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).charAt(0) == BYTE_ORDER_MARK ? lines.get(0).substring(1) : lines.get(i);
            Matcher directive = DIRECTIVE.matcher(trimLeadingSpace(trimLineEnd(line)));
            if (!directive.matches()) {
                break; // anything else, a blank line included, ends the directives
            }
            String key = directive.group(1).toLowerCase(Locale.ROOT);
            if (key.equals("escape")) {
                if (seen) {
                    break; // the engine refuses a second one; the build fails there
                }
                seen = true;
                String value = directive.group(2);
                if (value.equals("`") || value.equals("\\")) {
                    escape = value.charAt(0);
                }
            } else if (!key.equals("syntax")) {
                break;
            }
        }
        return escape;
    }

    /**
     * The Dockerfile with a line continuation at the end of its last instruction taken off. The
     * parser joins the next line that is neither empty nor a comment to an instruction whose line
     * ends in the escape character, and ends it at the end of the file; a LABEL line after it
     * must not be that next line.
     */
    static String endingItsLastInstruction(String dockerfile, char escape) {
        List<String> lines = lines(dockerfile);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            String content = trimLineEnd(line);
            String significant = trimLeadingSpace(content);
            if (significant.isEmpty() || significant.startsWith("#")) {
                continue;
            }
            Matcher continuation = continuation(escape).matcher(content);
            if (!continuation.find()) {
                return dockerfile;
            }
            String ended = content.substring(0, continuation.start()) + (continuation.group(1) == null ? "" : continuation.group(1));
            lines.set(i, ended + line.substring(content.length()));
            return String.join("", lines);
        }
        return dockerfile;
    }

    /**
     * The parser's own test for a continued line: the escape character, then only spaces and tabs,
     * at the end, not preceded by another escape character (or alone on the line).
     */
    private static Pattern continuation(char escape) {
        String e = Pattern.quote(String.valueOf(escape));
        String notE = escape == '\\' ? "[^\\\\]" : "[^`]";
        return Pattern.compile("(" + notE + ")" + e + "[ \\t]*\\z|^" + e + "[ \\t]*\\z", Pattern.DOTALL);
    }

    /** The value between double quotes: escaped as the engine's word parser reads it, on one line. */
    static String quoted(String value, char escape) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append('\uFFFD');
            } else {
                if (c == '"' || c == '$' || c == escape) {
                    out.append(escape);
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Lines as the parser scans them: split after each {@code \n}, each keeping its line end. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            lines.add(text.substring(start, next));
            start = next;
        }
        return lines;
    }

    private static String trimLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** Go's {@code unicode.IsSpace}, which the parser trims a line's start with. */
    private static String trimLeadingSpace(String line) {
        int start = 0;
        while (start < line.length() && isSpace(line.charAt(start))) {
            start++;
        }
        return line.substring(start);
    }

    private static boolean isSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u0085', '\u00A0' -> true;
            default -> c > '\u00FF' && Character.isSpaceChar(c);
        };
    }
}
