package dev.slipway.cli;

import dev.slipway.cli.status.BuildRef;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import picocli.CommandLine;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line values as the contract's types, so a bad name is refused (exit 2) with the words the
 * services would use, before any request goes out.
 */
final class Converters {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Converters() {
    }

    static void registerAll(CommandLine cli) {
        cli.registerConverter(PlanName.class, of(PlanName::of));
        cli.registerConverter(EnvironmentName.class, of(EnvironmentName::of));
        cli.registerConverter(CommitSha.class, of(CommitSha::of));
        cli.registerConverter(BranchName.class, of(BranchName::of));
        cli.registerConverter(BuildRef.class, of(BuildRef::of));
        cli.registerConverter(BuildNumber.class, of(Converters::buildNumber));
        cli.registerConverter(URI.class, of(Converters::serviceUrl));
        cli.registerConverter(Duration.class, of(Converters::duration));
    }

    private static <T> CommandLine.ITypeConverter<T> of(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    private static BuildNumber buildNumber(String text) {
        try {
            return BuildNumber.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("build '" + text + "' is not a build number (1, 2, 3, ...)");
        }
    }

    /** A service's base URL: http or https with a host, and no credentials (the token is the only one sent). */
    static URI serviceUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' is not an http(s) URL with a host, such as http://127.0.0.1:8085");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("a service URL must not hold credentials: the token comes from SLIPWAY_TOKEN or its file");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("'" + text + "' has a query or fragment: give the service's base URL only");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
    }

    /** {@code 10m}, {@code 90s}, {@code 1h30m}, {@code 500ms}, or ISO-8601 ({@code PT10M}). */
    static Duration duration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            try {
                return positive(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration such as 10m, 90s or 1h30m");
            }
        }
        Matcher part = DURATION_PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = part.end();
        }
        if (end == 0 || end != value.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 10m, 90s or 1h30m");
        }
        return positive(total, text);
    }

    private static Duration positive(Duration duration, String text) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return duration;
    }
}
