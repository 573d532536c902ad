package dev.slipway.cli.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        String table = Table.of("STAGE", "LAG", "NOTE").alignRight(1)
                .row("artifact", 0, "fine")
                .row("image", 1234, null)
                .render();

        assertEquals("""
                STAGE      LAG  NOTE
                artifact     0  fine
                image     1234  -
                """, table);
    }

    @Test
    void aLongCellIsCutToOneLine() {
        assertEquals("first line second…", Table.cut("first line\nsecond line", 18));
        assertEquals("short", Table.cut("  short ", 18));
    }

    @Test
    void aRowMustFillTheColumns() {
        assertThrows(IllegalArgumentException.class, () -> Table.of("A", "B").row("only one"));
    }
}
