package dev.slipway.webhook.plan;

import java.nio.charset.StandardCharsets;

/** A shared webhook secret. It never appears in logs, events or answers: {@link #toString()} hides it. */
public final class WebhookSecret {
    private final byte[] value;

    private WebhookSecret(byte[] value) {
        this.value = value;
    }

    /** @return null for an absent or blank secret, which means "not configured" */
    public static WebhookSecret ofNullable(String text) {
        return text == null || text.isBlank() ? null : new WebhookSecret(text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return value.clone();
    }

    @Override
    public String toString() {
        return "***";
    }
}
