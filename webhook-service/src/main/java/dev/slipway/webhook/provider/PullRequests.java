package dev.slipway.webhook.provider;

import dev.slipway.events.domain.PullRequest;

/**
 * Builds the {@link PullRequest} a delivery describes from the fields each provider keeps it in,
 * so that what is missing or wrong is reported by the field's name and a 400, never by the
 * contract's own check.
 */
public final class PullRequests {
    // The contract cuts a title to 200 characters after taming it; cutting a hostile title first
    // keeps that work small whatever the body holds.
    private static final int TITLE_READ = 1000;

    private PullRequests() {
    }

    /**
     * @param headRef the ref in the target repository that holds the head, or null where the
     *                provider keeps none
     */
    public static PullRequest of(PayloadNode number, PayloadNode sourceBranch, PayloadNode targetBranch, boolean fromFork,
                                 String headRef, PayloadNode webUrl, PayloadNode title) {
        int n = number.positiveInt();
        return new PullRequest(n, sourceBranch.branch(), targetBranch.branch(), fromFork,
                headRef == null ? null : headRef.replace("{number}", Integer.toString(n)),
                webUrl.webUrl().orElse(null), title(title));
    }

    private static String title(PayloadNode title) {
        String text = title.optionalText().orElse("");
        if (text.length() > TITLE_READ) {
            int end = Character.isHighSurrogate(text.charAt(TITLE_READ - 1)) ? TITLE_READ - 1 : TITLE_READ;
            text = text.substring(0, end);
        }
        return text;
    }
}
