package dev.slipway.artifact.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.domain.Quoted;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in {@code resources}: a plain number counts MiB (Marathon's unit); a string may carry a
 * unit as Docker writes them ({@code 512m}, {@code 1g}, {@code 1.5g}, {@code 256Mi}, {@code 2048k}).
 * Every unit is binary (k = 1024 bytes); results are rounded up to whole MiB.
 */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*");
    private static final BigDecimal KIB_PER_MIB = BigDecimal.valueOf(1024);
    private static final BigDecimal LARGEST = BigDecimal.valueOf(Long.MAX_VALUE / (1024L * 1024));
    private static final Map<String, BigDecimal> MIB_PER_UNIT = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("k", BigDecimal.ONE.divide(KIB_PER_MIB)), Map.entry("kb", BigDecimal.ONE.divide(KIB_PER_MIB)),
            Map.entry("ki", BigDecimal.ONE.divide(KIB_PER_MIB)), Map.entry("kib", BigDecimal.ONE.divide(KIB_PER_MIB)),
            Map.entry("m", BigDecimal.ONE), Map.entry("mb", BigDecimal.ONE), Map.entry("mi", BigDecimal.ONE), Map.entry("mib", BigDecimal.ONE),
            Map.entry("g", KIB_PER_MIB), Map.entry("gb", KIB_PER_MIB), Map.entry("gi", KIB_PER_MIB), Map.entry("gib", KIB_PER_MIB),
            Map.entry("t", KIB_PER_MIB.pow(2)), Map.entry("tb", KIB_PER_MIB.pow(2)),
            Map.entry("ti", KIB_PER_MIB.pow(2)), Map.entry("tib", KIB_PER_MIB.pow(2)));

    private ByteSize() {
    }

    static long mebibytes(String file, String field, JsonNode value) {
        BigDecimal mib;
        if (value.isNumber()) {
            mib = value.decimalValue();
        } else if (value.isTextual()) {
            Matcher size = SIZE.matcher(value.textValue());
            if (!size.matches()) {
                throw new InvalidDescriptorException(file, field + " must be a size such as 512m or 1g, was "
                        + Fields.jsonString(value.textValue()));
            }
            BigDecimal perUnit = MIB_PER_UNIT.get(size.group(2).toLowerCase(Locale.ROOT));
            if (perUnit == null) {
                throw new InvalidDescriptorException(file, field + " has the unknown unit " + Quoted.of(size.group(2))
                        + " in " + Fields.jsonString(value.textValue()) + "; use k, m, g or t (as in 512m or 1g)");
            }
            mib = new BigDecimal(size.group(1)).multiply(perUnit);
        } else {
            throw new InvalidDescriptorException(file, field + " must be a number of MiB or a size such as \"512m\", not "
                    + DescriptorJson.kind(value));
        }
        if (mib.compareTo(LARGEST) > 0) {
            throw new InvalidDescriptorException(file, field + " is too large: " + Quoted.bare(value.asText()));
        }
        return mib.setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
