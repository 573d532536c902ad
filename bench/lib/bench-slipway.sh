# shellcheck shell=bash
# The Slipway that the benchmarks run beside any other (bench/commit-to-served, bench/start-up):
# its own data, ports, git daemon and broker, and the bench plans of bench/commit-to-served.yml.
# Sourced with ROOT set.
export SLIPWAY_DATA=${BENCH_DATA:-/var/lib/slipway-bench}
export WEBHOOK_PORT=8181 ARTIFACT_PORT=8182 IMAGE_PORT=8183 DEPLOY_PORT=8184 STATUS_PORT=8185
export SLIPWAY_GIT_PORT=9419
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9098
export MICRONAUT_CONFIG_FILES=$ROOT/bench/commit-to-served.yml
case "$SLIPWAY_DATA" in /|"") echo "bench: BENCH_DATA must name a folder of its own" >&2; exit 1 ;; esac
