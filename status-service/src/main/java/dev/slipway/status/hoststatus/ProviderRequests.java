package dev.slipway.status.hoststatus;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A commit status as each provider's documented API takes it:
 * <ul>
 * <li>GitHub: {@code POST {api}/repos/{owner}/{repo}/statuses/{sha}}, {@code state}
 *     pending|success|failure|error, {@code target_url}, {@code description} (at most 140
 *     characters), {@code context}; {@code Authorization: Bearer}, {@code Accept: application/vnd.github+json}.</li>
 * <li>GitLab: {@code POST {api}/projects/:id/statuses/:sha} with the project's URL-encoded path as id,
 *     {@code state} pending|running|success|failed|canceled, {@code name}, {@code target_url},
 *     {@code description}; {@code PRIVATE-TOKEN}.</li>
 * <li>Bitbucket Cloud: {@code POST {api}/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build},
 *     {@code key} (at most 40 characters), {@code state} INPROGRESS|SUCCESSFUL|FAILED|STOPPED, {@code url},
 *     {@code name}, {@code description}; Bearer token, or basic auth with an app password.</li>
 * <li>Bitbucket Data Center: {@code POST {base}/rest/build-status/1.0/commits/{commitId}},
 *     {@code key}, {@code state} INPROGRESS|SUCCESSFUL|FAILED, {@code url}, {@code name},
 *     {@code description}; Bearer token.</li>
 * </ul>
 */
final class ProviderRequests {
    private ProviderRequests() {
    }

    static ProviderRequest of(GitHost host, HostRepository repository, CommitStatus status) {
        String description = cut(status.description(), host.provider().descriptionLimit());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        Map<String, String> body = new LinkedHashMap<>();
        URI uri;
        switch (host.provider()) {
            case GITHUB -> {
                uri = URI.create(host.base() + "/repos/" + segment(repository.owner()) + "/" + segment(repository.name()) + "/statuses/"
                        + segment(status.commit()));
                headers.put("Accept", "application/vnd.github+json");
                headers.put("X-GitHub-Api-Version", "2022-11-28");
                headers.put("Authorization", "Bearer " + host.token());
                body.put("state", switch (status.state()) {
                    case PENDING -> "pending";
                    case SUCCESS -> "success";
                    case FAILURE -> "failure";
                    case CANCELED -> "error"; // GitHub has no canceled; error is "not a result of the change"
                });
                body.put("target_url", status.targetUrl());
                body.put("description", description);
                body.put("context", status.context());
            }
            case GITLAB -> {
                uri = URI.create(host.base() + "/projects/" + segment(repository.projectPath()) + "/statuses/" + segment(status.commit()));
                headers.put("PRIVATE-TOKEN", host.token());
                body.put("state", switch (status.state()) {
                    case PENDING -> "running";
                    case SUCCESS -> "success";
                    case FAILURE -> "failed";
                    case CANCELED -> "canceled";
                });
                body.put("name", status.context());
                body.put("target_url", status.targetUrl());
                body.put("description", description);
            }
            case BITBUCKET_CLOUD -> {
                uri = URI.create(host.base() + "/repositories/" + segment(repository.owner()) + "/" + segment(repository.name())
                        + "/commit/" + segment(status.commit()) + "/statuses/build");
                headers.put("Accept", "application/json");
                headers.put("Authorization", host.username() == null || host.username().isBlank() ? "Bearer " + host.token()
                        : "Basic " + Base64.getEncoder().encodeToString((host.username() + ":" + host.token()).getBytes(StandardCharsets.UTF_8)));
                body.put("key", cloudKey(status.context()));
                body.put("state", switch (status.state()) {
                    case PENDING -> "INPROGRESS";
                    case SUCCESS -> "SUCCESSFUL";
                    case FAILURE -> "FAILED";
                    case CANCELED -> "STOPPED";
                });
                body.put("url", status.targetUrl());
                body.put("name", status.context());
                body.put("description", description);
            }
            case BITBUCKET_SERVER -> {
                uri = URI.create(host.base() + "/rest/build-status/1.0/commits/" + segment(status.commit()));
                headers.put("Accept", "application/json");
                headers.put("Authorization", "Bearer " + host.token());
                body.put("state", switch (status.state()) {
                    case PENDING -> "INPROGRESS";
                    case SUCCESS -> "SUCCESSFUL";
                    case FAILURE, CANCELED -> "FAILED"; // the 1.0 API knows these three only
                });
                body.put("key", status.context());
                body.put("name", status.context());
                body.put("url", status.targetUrl());
                body.put("description", description);
            }
            default -> throw new IllegalStateException("unknown provider " + host.provider());
        }
        return new ProviderRequest(uri, headers, json(body));
    }

    /**
     * Bitbucket Cloud takes keys of at most 40 characters ("Ensure this value has at most 40
     * characters"): a longer context becomes {@code slipway-} and a hash of it, the same for each of its
     * statuses so that each replaces the one before; the context stays readable in {@code name}.
     */
    static String cloudKey(String context) {
        if (context.length() <= 40) {
            return context;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(context.getBytes(StandardCharsets.UTF_8));
            return "slipway-" + java.util.HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The description, cut to the host's limit with an ellipsis. */
    static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** One path segment, percent-encoded (GitLab's project id is the whole path with its slashes encoded). */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(string(name)).append(':').append(string(value));
        });
        return json.append('}').toString();
    }

    private static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
