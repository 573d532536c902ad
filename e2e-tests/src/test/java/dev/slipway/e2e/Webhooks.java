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

    /**
     * A GitHub {@code pull_request} event (action {@code opened}, {@code synchronize}, {@code closed}, ...) for a
     * request from {@code head} into {@code base} of the same repository, as GitHub's payload documents it.
     */
    static String githubPullRequest(String action, int number, String cloneUrl, String repositoryFullName, String head,
                                    String headSha, String base, boolean merged, String mergeCommitSha) {
        String name = repositoryFullName.substring(repositoryFullName.indexOf('/') + 1);
        String repository = ("{\"id\":1296269,\"name\":\"%s\",\"full_name\":\"%s\",\"private\":false,"
                + "\"owner\":{\"login\":\"slipway\",\"id\":1},\"html_url\":\"https://github.com/%s\",\"clone_url\":\"%s\","
                + "\"default_branch\":\"main\"}").formatted(name, repositoryFullName, repositoryFullName, cloneUrl);
        return """
                {"action":"%s","number":%d,
                 "pull_request":{"url":"https://api.github.com/repos/%s/pulls/%d","id":27%d,"html_url":"https://github.com/%s/pull/%d",
                   "number":%d,"state":"%s","title":"Preview the greeting #%d","user":{"login":"zoe","id":2},
                   "head":{"label":"slipway:%s","ref":"%s","sha":"%s","repo":%s},
                   "base":{"label":"slipway:%s","ref":"%s","sha":"%s","repo":%s},
                   "merged":%s,"merge_commit_sha":%s,"merged_by":%s},
                 "repository":%s,"sender":{"login":"zoe","id":2}}
                """.formatted(action, number, repositoryFullName, number, number, repositoryFullName, number, number,
                action.equals("closed") ? "closed" : "open", number, head, head, headSha, repository, base, base, "0".repeat(40),
                repository, merged, mergeCommitSha == null ? "null" : "\"" + mergeCommitSha + "\"",
                merged ? "{\"login\":\"zoe\",\"id\":2}" : "null", repository);
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
     * A GitLab {@code Push Hook} of one commit to {@code branch}, as GitLab's push payload documents
     * it; {@code project.git_http_url} is the field that names the repository.
     */
    static String gitlabPush(String cloneUrl, String pathWithNamespace, String branch, String before, String after, String message) {
        return """
                {"object_kind":"push","event_name":"push","before":"%s","after":"%s","ref":"refs/heads/%s","checkout_sha":"%s",
                 "user_name":"Zoë Example","user_username":"zoe","user_email":"zoe@example.org","project_id":42,
                 "project":{"id":42,"name":"team-site","web_url":"%s","git_http_url":"%s","path_with_namespace":"%s",
                   "default_branch":"main"},
                 "commits":[{"id":"%s","message":"%s","timestamp":"2026-11-22T09:00:00+01:00",
                   "author":{"name":"Zoë Example","email":"zoe@example.org"},"added":["index.html"],"modified":[],"removed":[]}],
                 "total_commits_count":1,"repository":{"name":"team-site","url":"%s","git_http_url":"%s"}}
                """.formatted(before, after, branch, after, cloneUrl, cloneUrl, pathWithNamespace, after, message, cloneUrl, cloneUrl);
    }

    /** Sends a GitLab hook: GitLab proves itself with the secret token in X-Gitlab-Token, not a signature. */
    static HttpAnswer sendGitlab(URI endpoint, String event, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitLab/17.0.0")
                .header("X-Gitlab-Event", event)
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .header("X-Gitlab-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HttpAnswer.send(request);
    }
}
