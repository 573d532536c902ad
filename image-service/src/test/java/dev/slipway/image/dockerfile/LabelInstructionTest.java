package dev.slipway.image.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LABEL line Slipway appends, as text. What the engine makes of such lines (the labels it
 * sets, the one step) is checked against the engine itself in {@code LabelledBuildTest}.
 */
class LabelInstructionTest {
    private static final String TAIL = LabelInstruction.COMMENT + "\n";

    @Test
    void allLabelsGoIntoOneLineAtTheEnd() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.revision", "0123abcd");
        labels.put("dev.slipway.plan", "shop");
        assertEquals("FROM scratch\n" + TAIL + "LABEL org.opencontainers.image.revision=\"0123abcd\" dev.slipway.plan=\"shop\"\n",
                LabelInstruction.appendTo("FROM scratch\n", labels));
        assertEquals("FROM scratch\n" + TAIL + "LABEL a=\"1\"\n", LabelInstruction.appendTo("FROM scratch", Map.of("a", "1")),
                "a last line without a line end gets one first");
        assertEquals("FROM scratch\n", LabelInstruction.appendTo("FROM scratch\n", Map.of()), "no labels, no line");
    }

    @Test
    void quotesDollarsAndTheEscapeCharacterAreEscapedSoAValueStaysOneValue() {
        assertEquals("x\\\" RUN id \\\"", LabelInstruction.quoted("x\" RUN id \"", '\\'));
        assertEquals("\\$HOME \\${X}", LabelInstruction.quoted("$HOME ${X}", '\\'), "LABEL substitutes variables");
        assertEquals("C:\\\\temp\\\\", LabelInstruction.quoted("C:\\temp\\", '\\'), "a trailing escape cannot eat the closing quote");
        assertEquals("'single' `tick`", LabelInstruction.quoted("'single' `tick`", '\\'));
        assertEquals("C:\\temp `` `\"", LabelInstruction.quoted("C:\\temp ` \"", '`'), "with escape=` a backslash is plain");
    }

    @Test
    void lineBreaksAndOtherControlCharactersCannotLeaveTheLine() {
        String value = "1.0\nRUN touch /pwned\r\u0085\u2028\u2029\u0000\u001b[31m\t";
        String appended = LabelInstruction.appendTo("FROM scratch\n", Map.of("org.opencontainers.image.version", value));
        assertEquals(3, appended.split("\n", -1).length - 1, "three lines: FROM, the comment, LABEL: " + appended);
        assertEquals("1.0\uFFFDRUN touch /pwned\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD[31m\uFFFD", LabelInstruction.quoted(value, '\\'));
    }

    @Test
    void onlyPlainLabelNamesAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> LabelInstruction.appendTo("FROM x\n", Map.of("a=b", "v")));
        assertThrows(IllegalArgumentException.class, () -> LabelInstruction.appendTo("FROM x\n", Map.of("a b", "v")));
        assertThrows(IllegalArgumentException.class, () -> LabelInstruction.appendTo("FROM x\n", Map.of("", "v")));
    }

    @Test
    void theEscapeParserDirectiveIsHonoured() {
        assertEquals('`', LabelInstruction.escapeCharacter("# escape=`\nFROM x\n"));
        assertEquals('`', LabelInstruction.escapeCharacter("\uFEFF# syntax=docker/dockerfile:1\n  #  ESCAPE = `  \r\nFROM x\n"),
                "after a byte order mark and another directive, any case, spaces around");
        assertEquals('\\', LabelInstruction.escapeCharacter("# escape=\\\nFROM x\n"));
        assertEquals('\\', LabelInstruction.escapeCharacter("\n# escape=`\nFROM x\n"), "a blank line ends the directives");
        assertEquals('\\', LabelInstruction.escapeCharacter("# a comment\n# escape=`\nFROM x\n"), "so does a comment");
        assertEquals('\\', LabelInstruction.escapeCharacter("FROM x\n# escape=`\n"), "and an instruction");
        assertEquals('\\', LabelInstruction.escapeCharacter(""));

        String appended = LabelInstruction.appendTo("# escape=`\nFROM x\n", Map.of("a", "say \"hi\" `now` \\o/"));
        assertTrue(appended.endsWith("LABEL a=\"say `\"hi`\" ``now`` \\o/\"\n"), appended);
    }

    @Test
    void aTrailingLineContinuationCannotSwallowTheLabelLine() {
        assertEquals("FROM x\nRUN echo a \n", LabelInstruction.endingItsLastInstruction("FROM x\nRUN echo a \\\n", '\\'));
        assertEquals("FROM x\nRUN echo a", LabelInstruction.endingItsLastInstruction("FROM x\nRUN echo a\\ \t", '\\'),
                "spaces after it, no line end");
        assertEquals("FROM x\nRUN echo a \\\n  b\n\n# done\n   \n",
                LabelInstruction.endingItsLastInstruction("FROM x\nRUN echo a \\\n  b\\\n\n# done\n   \n", '\\'),
                "only the last instruction's, behind blank and comment lines, is taken off");
        assertEquals("FROM x\nRUN echo a \r\n", LabelInstruction.endingItsLastInstruction("FROM x\nRUN echo a \\\r\n", '\\'));
        assertEquals("FROM x\nRUN echo a\n\n", LabelInstruction.endingItsLastInstruction("FROM x\nRUN echo a\n\\\n", '\\'),
                "a continuation alone on its line");
        assertEquals("# escape=`\nFROM x\nRUN dir c:\\ \n",
                LabelInstruction.endingItsLastInstruction("# escape=`\nFROM x\nRUN dir c:\\ `\n", '`'));

        assertEquals("FROM x\nRUN echo a\\\\\n", LabelInstruction.endingItsLastInstruction("FROM x\nRUN echo a\\\\\n", '\\'),
                "an escaped escape character is no continuation");
        assertEquals("# escape=`\nFROM x\nRUN dir c:\\\n", LabelInstruction.endingItsLastInstruction("# escape=`\nFROM x\nRUN dir c:\\\n", '`'),
                "with escape=` a backslash continues nothing");
        assertEquals("FROM x\n# not me \\\n", LabelInstruction.endingItsLastInstruction("FROM x\n# not me \\\n", '\\'),
                "a comment is not an instruction");

        String appended = LabelInstruction.appendTo("FROM x\nRUN echo a \\\n# trailing comment\n", Map.of("a", "1"));
        assertEquals("FROM x\nRUN echo a \n# trailing comment\n" + TAIL + "LABEL a=\"1\"\n", appended);
    }
}
