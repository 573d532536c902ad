package dev.slipway.e2e;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import dev.slipway.testing.HttpAnswer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/** Sends webhooks the way the providers do: their headers, their body shape, their signature. */
final class Webhooks {
    private Webhooks() {
    }

    /** A GitHub {@code push} of one commit to {@code branch}, as GitHub's push payload documents it. */
    static String githubPush(String cloneUrl, String repositoryFullName, String branch, String before, String after, String message) {
        String name = repositoryFullName.substring(repositoryFullName.indexOf('/') + 1);
        return """
                {"ref":"refs/heads/%s","before":"%s","after":"%s","created":false,"deleted":false,"forced":false,
                 "compare":"https://github.com/%s/compare/%s...%s",
                 "commits":[{"id":"%s","tree_id":"%s","distinct":true,"message":"%s","timestamp":"2026-11-22T09:00:00+01:00",
                   "url":"https://github.com/%s/commit/%s","author":{"name":"Zoë Example","email":"zoe@example.org","username":"zoe"},
                   "committer":{"name":"Zoë Example","email":"zoe@example.org","username":"zoe"},"added":["index.html"],"removed":[],"modified":[]}],
                 "head_commit":{"id":"%s","tree_id":"%s","distinct":true,"message":"%s","timestamp":"2026-11-22T09:00:00+01:00",
                   "url":"https://github.com/%s/commit/%s","author":{"name":"Zoë Example","email":"zoe@example.org","username":"zoe"},
                   "committer":{"name":"Zoë Example","email":"zoe@example.org","username":"zoe"},"added":["index.html"],"removed":[],"modified":[]},
                 "repository":{"id":1296269,"node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5","name":"%s","full_name":"%s","private":false,
                   "owner":{"name":"slipway","login":"slipway","id":1},"html_url":"https://github.com/%s",
                   "clone_url":"%s","git_url":"%s","ssh_url":"git@github.com:%s.git","default_branch":"main","master_branch":"main"},
                 "pusher":{"name":"zoe","email":"zoe@example.org"},"sender":{"login":"zoe","id":2}}
                """.formatted(branch, before, after, repositoryFullName, before, after, after, after, message, repositoryFullName, after,
                after, after, message, repositoryFullName, after, name, repositoryFullName, repositoryFullName, cloneUrl, cloneUrl,
                repositoryFullName);
    }

    static HttpAnswer sendGithub(URI endpoint, String event, String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/e2e")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + hmacSha256(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HttpAnswer.send(request);
    }

    static String hmacSha256(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A Bitbucket Cloud {@code repo:push} of one commit, in the shape of Bitbucket's event payload
     * reference. The repository's links point at the test's own Git host instead of bitbucket.org.
     */
    static String bitbucketCloudPush(String htmlUrl, String fullName, String branch, String hash, String message) {
        String name = fullName.substring(fullName.indexOf('/') + 1);
        return """
                {"push":{"changes":[{"old":null,"new":{"name":"%s","type":"branch","target":{"type":"commit","hash":"%s",
                  "date":"2026-11-22T09:00:00+00:00","author":{"type":"author","raw":"Zoë Example <zoe@example.org>",
                  "user":{"display_name":"Zoë Example","type":"user","nickname":"zoe"}},"message":"%s","parents":[]},
                  "links":{}},"created":true,"closed":false,"forced":false,"truncated":false,"commits":[]}]},
                 "repository":{"type":"repository","full_name":"%s","name":"%s","is_private":true,"scm":"git",
                  "uuid":"{8e3b1c2d-1111-4a5b-9c6d-7e8f9a0b1c2d}","links":{"html":{"href":"%s"}},
                  "workspace":{"slug":"slipway","type":"workspace"},"project":{"key":"SW","type":"project"}},
                 "actor":{"display_name":"Zoë Example","type":"user","nickname":"zoe"}}
                """.formatted(branch, hash, message, fullName, name, htmlUrl);
    }

    static HttpAnswer sendBitbucket(URI endpoint, String eventKey, String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Bitbucket-Webhooks/2.0")
                .header("X-Event-Key", eventKey)
                .header("X-Request-UUID", UUID.randomUUID().toString())
                .header("X-Hub-Signature", "sha256=" + hmacSha256(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HttpAnswer.send(request);
    }
}
