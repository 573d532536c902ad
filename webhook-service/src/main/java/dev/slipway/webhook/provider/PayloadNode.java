package dev.slipway.webhook.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.Quoted;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A place in a hostile JSON body that knows its own path, so that whatever is missing or wrong is
 * reported by name ({@code field 'pull_request.base.ref' is missing}) instead of as a null pointer.
 */
public final class PayloadNode {
    private static final int MAX_NAME = 256;
    private static final int MAX_EMAIL = 320;
    private static final int MAX_URL = 2048;

    private final JsonNode node;
    private final String path;

    private PayloadNode(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    public static PayloadNode root(JsonNode node) {
        return new PayloadNode(node, "");
    }

    public PayloadNode get(String name) {
        return new PayloadNode(node.get(name), path.isEmpty() ? name : path + "." + name);
    }

    /** Follows a dotted path, e.g. {@code at("pull_request.base.ref")}. */
    public PayloadNode at(String dottedPath) {
        PayloadNode current = this;
        for (String name : dottedPath.split("\\.")) {
            current = current.get(name);
        }
        return current;
    }

    public String path() {
        return path;
    }

    public boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    public Optional<String> optionalText() {
        return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    public String text() {
        if (!present()) {
            throw new InvalidPayloadException("field '" + path + "' is missing");
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new InvalidPayloadException("field '" + path + "' must be a non-empty string");
        }
        return node.textValue();
    }

    public boolean isBoolean() {
        return node.isBoolean();
    }

    public boolean bool() {
        return node.isBoolean() && node.booleanValue();
    }

    /** A whole number, as a number or as a string of digits: ids that go into messages. */
    public Optional<String> number() {
        if (node.isIntegralNumber()) {
            return Optional.of(node.asText());
        }
        return optionalText().filter(text -> text.matches("[0-9]{1,20}"));
    }

    /**
     * A number that names something (a pull request's number, GitHub's and GitLab's as a number,
     * Bitbucket's as a number or in digits): a whole number from 1 up.
     */
    public int positiveInt() {
        if (!present()) {
            throw new InvalidPayloadException("field '" + path + "' is missing");
        }
        String digits = node.isIntegralNumber() ? node.asText() : node.isTextual() ? node.textValue() : "";
        if (digits.matches("[0-9]{1,10}")) {
            long value = Long.parseLong(digits);
            if (value >= 1 && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
        }
        throw new InvalidPayloadException("field '" + path + "' must be a whole number from 1 to " + Integer.MAX_VALUE
                + ", was " + (node.isTextual() ? Quoted.of(node.textValue()) : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * A page at the provider, for people to follow: only an http(s) URL of sensible length with a
     * host and without user or password; anything else is left out (it is a convenience, not a
     * reason to refuse a delivery).
     */
    public Optional<URI> webUrl() {
        return optionalText().filter(text -> text.length() <= MAX_URL && text.chars().noneMatch(Character::isISOControl)).flatMap(text -> {
            try {
                URI uri = new URI(text);
                boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
                return web && uri.getHost() != null && uri.getRawUserInfo() == null ? Optional.of(uri) : Optional.<URI>empty();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        });
    }

    public List<PayloadNode> elements() {
        if (!node.isArray()) {
            return List.of();
        }
        List<PayloadNode> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            elements.add(new PayloadNode(node.get(i), path + "[" + i + "]"));
        }
        return elements;
    }

    /** Like {@link #elements()}, but a missing or non-array field is an error. */
    public List<PayloadNode> requiredElements() {
        if (!node.isArray()) {
            throw new InvalidPayloadException("field '" + path + "' must be an array");
        }
        return elements();
    }

    public BranchName branch() {
        String text = text();
        try {
            return BranchName.fromRef(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException("field '" + path + "': " + e.getMessage());
        }
    }

    public CommitId commit() {
        return CommitId.parse(text(), path);
    }

    /**
     * An author from a name and an email as a provider reports them. A name with nothing printable
     * gives no author: an event says "unknown" rather than carry a forged or empty name.
     */
    public static Optional<Author> author(Optional<String> name, Optional<String> email) {
        Optional<String> cleanName = name.map(PayloadNode::printable).filter(n -> !n.isBlank())
                .map(n -> n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n);
        Optional<String> cleanEmail = email.map(PayloadNode::printable).filter(e -> !e.isBlank() && e.length() <= MAX_EMAIL && e.contains("@"));
        return cleanName.map(n -> Author.of(n, cleanEmail.orElse(null)));
    }

    private static String printable(String text) {
        return text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    }
}
