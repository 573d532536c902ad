package dev.slipway.cli.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildRefTest {

    @ParameterizedTest
    @ValueSource(strings = {"3", "latest", "ab33333", "AB33333CDEF", "3f6c1a52-5b1e-4a8e-9c57-7d3c1f0e2a10"})
    void theFormsABuildIsNamedBy(String ref) {
        assertEquals(ref.toLowerCase(Locale.ROOT), BuildRef.of(ref).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "ab3", "main", "../3", " "})
    void anythingElseIsRefusedWithTheFormsItTakes(String ref) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BuildRef.of(ref));
        assertTrue(refused.getMessage().contains("a commit (7 or more hex digits)"), refused.getMessage());
    }

    @Test
    void aLongNumberMayAlsoBeACommitPrefix() {
        BuildRef ref = BuildRef.of("1234567");
        assertEquals(Optional.of(1234567L), ref.number());
        assertEquals(Optional.of("1234567"), ref.commitPrefix());
        assertEquals(Optional.empty(), BuildRef.of("12").commitPrefix());
    }
}
