package dev.slipway.webhook.trigger;

import dev.slipway.webhook.provider.InvalidPayloadException;

import java.util.regex.Pattern;

/** Delivery ids and idempotency keys come from request headers and go into events and logs: keep them tame. */
public final class DeliveryIds {
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private DeliveryIds() {
    }

    /** @throws InvalidPayloadException when the value is not 1 to 128 printable ASCII characters */
    public static String check(String header, String value) {
        String stripped = value.strip();
        if (!PRINTABLE_ASCII.matcher(stripped).matches()) {
            throw new InvalidPayloadException("the " + header + " header is not a delivery id (1 to 128 printable ASCII characters)");
        }
        return stripped;
    }
}
