package dev.slipway.events.domain;

/** Who wrote a commit, as the provider or Git reports it. The email may be unknown. */
public record Author(String name, String email) {

    public Author {
        Require.text(name, "author.name");
        if (email != null && email.isBlank()) {
            email = null;
        }
    }

    public static Author of(String name, String email) {
        return new Author(name, email);
    }
}
