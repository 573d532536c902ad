#!/usr/bin/env python3
"""Commit to served: Slipway against the bare Docker tools, side by side in one run.

Run through bench/commit-to-served, which starts the bench's own Slipway (its own data directory,
ports, git daemon and broker) and passes its addresses in the environment. Each round pushes a new
commit of one small repository (busybox httpd serving index.html, the repository's own Dockerfile)
and takes it to a served page twice, alternating which path goes first:

  bare     git fetch of the commit, docker build, docker push, docker rm -f, docker run -d -p,
           then poll the page until it shows the commit
  slipway  the signed GitHub push webhook, then poll until the review URL (read from
           deploy-service's API, as `slipway show` would give it) serves the commit, and
           deploy-service has reported it (DeploymentFinished)

"cold" rounds are the first build of a plan (a new branch, a new plan, a new image repository);
"warm" rounds build the next commit of a plan that has built before. Prints each round, then the
medians, the ratio Slipway/bare, and Slipway's time per stage from its events' timestamps.
"""
import hashlib
import hmac
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime

ENV = os.environ
ROUNDS = int(ENV.get("BENCH_ROUNDS", "5"))
COLD_ROUNDS = int(ENV.get("BENCH_COLD_ROUNDS", "3"))
WEBHOOK = ENV["SLIPWAY_WEBHOOK_URL"]
DEPLOY = ENV["SLIPWAY_DEPLOY_URL"]
STATUS = ENV["SLIPWAY_STATUS_URL"]
TOKEN = ENV["SLIPWAY_TOKEN"]
SECRET = ENV["GITHUB_WEBHOOK_SECRET"].encode()
GIT_URL = ENV["BENCH_GIT_URL"]          # git://127.0.0.1:<port>/bench-site.git
BARE_REPO = ENV["BENCH_BARE_REPO"]      # that repository on disk
REGISTRY = ENV.get("SLIPWAY_REGISTRY", "127.0.0.1:5000")
BARE_PORT = int(ENV.get("BENCH_BARE_PORT", "18480"))
POLL = 0.02
DEADLINE = 120

DOCKERFILE = """FROM slipway/busybox:latest
WORKDIR /www
COPY index.html /www/
EXPOSE 8080
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
"""
# The repository's descriptor: its own Dockerfile builds it; Slipway tests the image (the acceptance
# check on a container of it) before it is pushed, which the bare path does not do.
DESCRIPTOR = {"service": {"name": "bench-site", "version": "1.0.0"}, "port": 8080,
              "healthCheck": {"path": "/"}, "acceptance": {"path": "/", "status": 200},
              "resources": {"cpus": 0.1, "memory": "32m", "instances": 1}}


def run(*command, cwd=None, quiet=True):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def http(method, url, body=None, headers=None, timeout=10):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, b""


def serves(url, marker):
    status, body = http("GET", url, timeout=2)
    return status == 200 and marker.encode() in body


class Repository:
    """A work tree that pushes to the bench's bare repository, one new commit per call."""

    def __init__(self, directory):
        self.directory = directory
        run("git", "init", "-q", "-b", "main", directory)
        run("git", "-C", directory, "remote", "add", "origin", BARE_REPO)
        with open(os.path.join(directory, "Dockerfile"), "w") as f:
            f.write(DOCKERFILE)
        with open(os.path.join(directory, "dependency.json"), "w") as f:
            json.dump(DESCRIPTOR, f, indent=2)
        self.heads = {}

    def commit(self, branch):
        marker = "commit-" + uuid.uuid4().hex
        run("git", "-C", self.directory, "checkout", "-q", "-B", branch)
        with open(os.path.join(self.directory, "index.html"), "w") as f:
            f.write(f"<!doctype html><title>bench</title><p id=\"marker\">{marker}</p>\n")
        run("git", "-C", self.directory, "add", "-A")
        run("git", "-C", self.directory, "-c", "user.name=Bench", "-c", "user.email=bench@slipway.dev",
            "commit", "-q", "-m", marker)
        before = self.heads.get(branch, "0" * 40)
        run("git", "-C", self.directory, "push", "-q", "-f", "origin", f"HEAD:refs/heads/{branch}")
        sha = run("git", "-C", self.directory, "rev-parse", "HEAD").strip()
        self.heads[branch] = sha
        return sha, before, marker


def bare(sha, image, container, marker):
    """The bare tools in sequence; returns seconds per part and in all."""
    parts = {}
    work = tempfile.mkdtemp(prefix="bench-bare-")
    try:
        start = time.monotonic()
        run("git", "init", "-q", work)
        run("git", "-C", work, "fetch", "-q", "--depth", "1", GIT_URL, sha)
        run("git", "-C", work, "checkout", "-q", "FETCH_HEAD")
        parts["fetch"] = time.monotonic() - start
        t = time.monotonic()
        run("docker", "build", "-q", "-t", image, work)
        parts["build"] = time.monotonic() - t
        t = time.monotonic()
        run("docker", "push", "-q", image)
        parts["push"] = time.monotonic() - t
        t = time.monotonic()
        subprocess.run(["docker", "rm", "-f", container], capture_output=True)
        parts["rm"] = time.monotonic() - t
        t = time.monotonic()
        run("docker", "run", "-d", "--name", container, "-p", f"0.0.0.0:{BARE_PORT}:8080", image)
        parts["run"] = time.monotonic() - t
        t = time.monotonic()
        url = f"http://127.0.0.1:{BARE_PORT}/"
        while not serves(url, marker):
            if time.monotonic() - start > DEADLINE:
                sys.exit(f"bench: the bare container never served {marker}")
            time.sleep(POLL)
        parts["ready"] = time.monotonic() - t
        parts["total"] = time.monotonic() - start
        return parts
    finally:
        shutil.rmtree(work, ignore_errors=True)


def push_body(branch, sha, before, marker):
    return json.dumps({
        "ref": f"refs/heads/{branch}", "before": before, "after": sha, "created": before == "0" * 40,
        "deleted": False, "forced": False,
        "head_commit": {"id": sha, "message": marker, "timestamp": datetime.now().astimezone().isoformat(),
                        "author": {"name": "Bench", "email": "bench@slipway.dev"}},
        "commits": [],
        "repository": {"name": "bench-site", "full_name": "local/bench-site", "clone_url": GIT_URL,
                       "html_url": GIT_URL, "default_branch": "main"},
        "pusher": {"name": "bench"}}).encode()


def deployments(plan):
    status, body = http("GET", f"{DEPLOY}/deployments/{plan}", headers={"Authorization": f"Bearer {TOKEN}"})
    if status != 200:
        return []
    return [b for env in json.loads(body).get("environments", []) if env["environment"] == "review"
            for b in env.get("builds", [])]


def slipway(plan, branch, sha, before, marker):
    known = {b["build"] for b in deployments(plan)}
    body = push_body(branch, sha, before, marker)
    signature = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    start = time.monotonic()
    sent = time.time()
    status, answer = http("POST", f"{WEBHOOK}/webhooks/github", body, {
        "Content-Type": "application/json", "X-GitHub-Event": "push", "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-Hub-Signature-256": signature})
    if status != 202:
        sys.exit(f"bench: the webhook answered {status}: {answer.decode(errors='replace')}")
    acknowledged = time.monotonic() - start
    served = reported = None
    url = None
    while served is None or reported is None:
        if time.monotonic() - start > DEADLINE:
            sys.exit(f"bench: {plan} never served {sha} (url {url})")
        fresh = [b for b in deployments(plan) if b["build"] not in known]
        if fresh:
            build = fresh[0]
            if build["state"] == "failed":
                sys.exit(f"bench: deploying {plan} build {build['build']} failed: {build['reason']}")
            url = build.get("url") or url
            if served is None and url and serves(url, marker):
                served = time.monotonic() - start
            if reported is None and build["state"] == "running":
                reported = time.monotonic() - start
        time.sleep(POLL)
    return {"ack": acknowledged, "served": served, "reported": reported, "total": max(served, reported),
            "stages": stages(plan, sha, sent)}


def stages(plan, sha, sent):
    """Slipway's time per stage, from the events' own timestamps (status-service's timeline)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, body = http("GET", f"{STATUS}/plans/{plan}/builds/{sha}", headers={"Authorization": f"Bearer {TOKEN}"})
        if status == 200:
            timeline = json.loads(body).get("timeline", [])
            first = {}
            for item in timeline:
                first.setdefault(item["type"], datetime.fromisoformat(item["time"].replace("Z", "+00:00")).timestamp())
            if "deployment-finished" in first:
                marks = [("webhook", "commit-received"), ("artifact", "artifact-stored"), ("image", "image-built"),
                         ("policy", "deploy-requested"), ("deploy", "deployment-finished")]
                result, previous = {}, sent
                for name, event in marks:
                    if event in first:
                        result[name] = first[event] - previous
                        previous = first[event]
                return result
        time.sleep(0.2)
    print(f"bench: status-service gave no finished timeline for {plan} {sha[:12]} within 30 s "
          f"(last answer {status}: {body[:300]!r})", file=sys.stderr)
    return {}


def median(rows, key):
    values = [r[key] for r in rows if key in r]
    return statistics.median(values) if values else float("nan")


def report(title, bare_rows, slipway_rows):
    b, s = median(bare_rows, "total"), median(slipway_rows, "total")
    print(f"\n{title}: {len(bare_rows)} rounds each")
    print(f"  bare tools  median {b:6.2f} s   parts: " + ", ".join(
        f"{k} {median(bare_rows, k):.2f}" for k in ("fetch", "build", "push", "rm", "run", "ready")))
    print(f"  slipway     median {s:6.2f} s   webhook 202 after {median(slipway_rows, 'ack'):.3f} s; "
          f"page served {median(slipway_rows, 'served'):.2f} s, DeploymentFinished {median(slipway_rows, 'reported'):.2f} s")
    stage_rows = [r["stages"] for r in slipway_rows if r["stages"]]
    if stage_rows:
        print("  slipway per stage (median, from event timestamps): " + ", ".join(
            f"{k} {median(stage_rows, k):.2f}" for k in ("webhook", "artifact", "image", "policy", "deploy")))
    print(f"  ratio slipway/bare {s / b:.2f}  (target <= 1.20)")
    return s / b


def main():
    work = tempfile.mkdtemp(prefix="bench-repo-")
    repository = Repository(os.path.join(work, "site"))
    print(f"bench: {ROUNDS} warm and {COLD_ROUNDS} cold rounds; the bare path uses `docker build` "
          f"(engine {run('docker', 'version', '--format', '{{.Server.Version}}').strip()}, legacy builder) and port {BARE_PORT}")
    results = {"warm": ([], []), "cold": ([], [])}
    try:
        # One unmeasured build of each kind first: the plan "bench" exists from then on (so its
        # rounds are warm), and both paths have the base image's layers and the JVMs are warm.
        sha, before, marker = repository.commit("main")
        bare(sha, f"{REGISTRY}/bare/bench-site:prime", "bench-bare", marker)
        slipway("bench", "main", sha, before, marker)
        for i in range(1, ROUNDS + COLD_ROUNDS + 1):
            kind = "warm" if i <= ROUNDS else "cold"
            n = i if kind == "warm" else i - ROUNDS
            branch, plan = ("main", "bench") if kind == "warm" else (f"cold-{n}", f"bench-cold-{n}")
            image = (f"{REGISTRY}/bare/bench-site:{i}" if kind == "warm"
                     else f"{REGISTRY}/bare/bench-cold-{n}-{uuid.uuid4().hex[:6]}:1")
            order = ("bare", "slipway") if i % 2 else ("slipway", "bare")
            line = {}
            for path in order:
                sha, before, marker = repository.commit(branch)
                if path == "bare":
                    line["bare"] = bare(sha, image, "bench-bare", marker)
                    results[kind][0].append(line["bare"])
                else:
                    line["slipway"] = slipway(plan, branch, sha, before, marker)
                    results[kind][1].append(line["slipway"])
            st = line["slipway"]["stages"]
            print(f"  {kind} {n}: bare {line['bare']['total']:.2f} s, slipway {line['slipway']['total']:.2f} s "
                  f"(served {line['slipway']['served']:.2f}; " + ", ".join(f"{k} {v:.2f}" for k, v in st.items()) + ")",
                  flush=True)
        warm = report("warm (a plan's next commit)", *results["warm"])
        cold = report("cold (a plan's first build)", *results["cold"])
        print(f"\nresult: warm ratio {warm:.2f}, cold ratio {cold:.2f} (target <= 1.20)")
    finally:
        subprocess.run(["docker", "rm", "-f", "bench-bare"], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
