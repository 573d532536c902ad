# shellcheck shell=bash
# What bin/stack and bin/slipway share: logging, daemons in their own session with a log and a pid
# file, stopping them, waiting with a deadline, and telling our listeners from someone else's.
#
# The sourcing script sets, before calling these:
#   LOG_TAG   the prefix of its messages ("stack", "slipway")
#   RUN_DIR   where pid files go        LOG_DIR   where logs go

say()  { printf '[%s] %s\n' "$LOG_TAG" "$*"; }
note() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }
die()  { printf '[%s] error: %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

# --- processes ----------------------------------------------------------------------------------
# A pid alone does not name a process for long: once it exits, the kernel hands the number to the
# next one. So a pid file holds "<pid> <start time>", the start time being field 22 of
# /proc/<pid>/stat (clock ticks after boot), and a pid is only trusted, let alone signalled, while
# the process with that number still has that start time.

proc_field() { # pid field-number -> that field of /proc/<pid>/stat, if the process runs
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # Field 2 is the command name in parentheses, which may itself hold spaces and ")".
  read -ra fields <<<"${stat##*) }"
  case ${fields[0]} in Z|X) return 1 ;; esac   # a zombie has exited: it does not count
  echo "${fields[$(($2 - 3))]}"                 # fields[0] is field 3
}

proc_identity() { proc_field "$1" 22; }   # pid -> its start time, if it runs
proc_session() { proc_field "$1" 6; }     # pid -> its session id

proc_describe() { # pid -> "pid N (its command line)"
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || cmd=
  [ ${#cmd} -le 160 ] || cmd="${cmd:0:157}..."
  echo "pid $1 (${cmd% })"
}

started_before() { # pid file -> true if the process started before the file was written
  # For pid files of earlier versions, which hold the pid only: a process that took over the
  # number later was started after its predecessor had exited, so after the file was written.
  local ticks boot mtime hz
  ticks=$(proc_identity "$1") || return 1
  boot=$(awk '$1 == "btime" { print $2 }' /proc/stat)
  hz=$(getconf CLK_TCK)
  mtime=$(stat -c %Y "$2")
  # A few seconds of slack: the boot time the kernel reports moves when the clock is stepped.
  [ $((boot + ticks / hz)) -le $((mtime + 10)) ]
}

# our_pid NAME: prints the pid in RUN_DIR/NAME.pid if that process is still the one that was
# started. A pid file whose process is gone, or is now someone else, is removed with a note and
# never signalled.
our_pid() {
  local name=$1 file=$RUN_DIR/$1.pid pid='' start='' now
  [ -f "$file" ] || return 1
  read -r pid start _ <"$file" || true
  if ! [[ "$pid" =~ ^[0-9]+$ ]]; then
    note "$name: $file holds no pid; removing it"
    rm -f "$file"; return 1
  fi
  if ! now=$(proc_identity "$pid"); then
    note "$name: pid $pid (from $file) is no longer running; removing the stale pid file"
    rm -f "$file"; return 1
  fi
  if [ -z "$start" ] && started_before "$pid" "$file"; then
    start=$now
    printf '%s %s\n' "$pid" "$start" 2>/dev/null >"$file" || true   # from now on checked by start time
  fi
  if [ "$start" != "$now" ]; then
    note "$name: $file names $(proc_describe "$pid"), which is not the process that was started" \
      "there (the pid was reused); removing the pid file, leaving that process alone"
    rm -f "$file"; return 1
  fi
  echo "$pid"
}

daemon_alive() { # name: quietly, does RUN_DIR/name.pid still name the process it was written for?
  local pid='' start=''
  read -r pid start _ <"$RUN_DIR/$1.pid" 2>/dev/null || return 1
  [ -n "$start" ] && [ "$(proc_identity "$pid" 2>/dev/null)" = "$start" ]
}

# --- daemons ------------------------------------------------------------------------------------

STARTED=()           # the daemons this invocation started, for stop_started
DEFER_SIGNALS=0      # set while a start is between its fork and its pid file
DEFERRED_SIGNAL=

# start_daemon NAME COMMAND...: runs the command in a session of its own (so that neither Ctrl-C
# nor a closed terminal reaches it), appending to LOG_DIR/NAME.log, with RUN_DIR/NAME.pid.
start_daemon() {
  local name=$1 pid start; shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  printf '=== %s started by bin/%s: %s\n' "$(date -u +%FT%TZ)" "$LOG_TAG" "$*" >>"$LOG_DIR/$name.log"
  # A signal that arrives between the fork and the pid file would leave a daemon nobody knows
  # about: on_signal only notes it until the daemon is on the list.
  DEFER_SIGNALS=1
  # The script's shell has no job control, so its background child is not a process group leader
  # and setsid(1) calls setsid() and execs the command in this same process: $! is the daemon.
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  pid=$!
  start=$(proc_identity "$pid") || start=exited
  printf '%s %s\n' "$pid" "$start" >"$RUN_DIR/$name.pid"
  STARTED+=("$name")
  DEFER_SIGNALS=0
  if [ -n "$DEFERRED_SIGNAL" ]; then on_signal "$DEFERRED_SIGNAL"; fi
}

# stop_daemons SECONDS NAME...: SIGTERM to each of ours that runs, SIGKILL to those still running
# after SECONDS; then their pid files are removed. Stale pid files are removed without a signal.
stop_daemons() {
  local grace=$1 name pid i; shift
  local names=() pids=() starts=()
  for name in "$@"; do
    pid=$(our_pid "$name") || continue
    say "$name: stopping (pid $pid)"
    names+=("$name"); pids+=("$pid"); starts+=("$(proc_identity "$pid" || echo exited)")
    kill -TERM "$pid" 2>/dev/null || true
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  if ! wait_for "$grace" all_exited; then
    for i in $(still_running); do
      note "${names[$i]}: still running after $grace s; killing it (pid ${pids[$i]})"
      # setsid made the daemon leader of its own process group: that group is it and its children.
      kill -KILL -- "-${pids[$i]}" 2>/dev/null || kill -KILL "${pids[$i]}" 2>/dev/null || true
    done
    wait_for 5 all_exited || note "$(still_running | wc -l) process(es) did not exit even after SIGKILL"
  fi
  for name in "${names[@]}"; do rm -f "$RUN_DIR/$name.pid"; done
}

# For stop_daemons: which of its pids (by index) still name the processes it signalled.
still_running() {
  local i
  for i in "${!pids[@]}"; do
    if [ "$(proc_identity "${pids[$i]}" 2>/dev/null)" = "${starts[$i]}" ]; then echo "$i"; fi
  done
}
all_exited() { [ -z "$(still_running)" ]; }

stop_started() { # stops what this invocation started
  [ ${#STARTED[@]} -gt 0 ] || return 0
  local names=("${STARTED[@]}")
  STARTED=()
  stop_daemons 30 "${names[@]}"
}

# stop_started_on_failure: from here on, an interrupt (Ctrl-C, SIGTERM, a closed terminal) or a
# failure stops what this invocation has started, so that nothing is left running detached.
stop_started_on_failure() {
  trap 'on_signal INT' INT
  trap 'on_signal TERM' TERM
  trap 'on_signal HUP' HUP
  trap 'on_failed_exit' EXIT
}

# stop_started_on_signal STATUS: once started, an interrupt stops what this invocation started and
# exits with STATUS (bin/slipway in the foreground, where Ctrl-C is the way to stop it).
# shellcheck disable=SC2064  # the status is fixed now, on purpose
stop_started_on_signal() {
  trap "on_signal INT $1" INT
  trap "on_signal TERM $1" TERM
  trap "on_signal HUP $1" HUP
  trap - EXIT
}

# keep_started: what was started is meant to keep running (bin/stack up, bin/slipway start).
keep_started() {
  STARTED=()
  trap - INT TERM HUP EXIT
}

on_signal() { # signal [exit status]
  if [ "$DEFER_SIGNALS" = 1 ]; then DEFERRED_SIGNAL=$1; return 0; fi
  trap '' INT TERM HUP   # a second Ctrl-C must not cut the stopping short
  trap - EXIT
  [ "$1" != HUP ] || exec >/dev/null 2>&1   # the terminal is gone: writing to it would fail
  echo >&2
  if [ ${#STARTED[@]} -gt 0 ]; then
    note "interrupted (SIG$1): stopping what this invocation started: ${STARTED[*]}"
    stop_started
  else
    note "interrupted (SIG$1)"
  fi
  [ -z "${2:-}" ] || exit "$2"
  case $1 in HUP) exit 129 ;; INT) exit 130 ;; *) exit 143 ;; esac
}

# after_interrupt STATUS: acts on the signal when a foreground command's exit status says one ended
# it. Ctrl-C reaches that command too; one that handles it (a JVM exits with 130) leaves bash none.
after_interrupt() {
  case $1 in 129) on_signal HUP ;; 130) on_signal INT ;; 143) on_signal TERM ;; esac
}

on_failed_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ ${#STARTED[@]} -gt 0 ]; then
    trap '' INT TERM HUP
    note "stopping what this invocation started, as it did not succeed: ${STARTED[*]}"
    stop_started
  fi
  exit "$status"
}

# --- waiting ------------------------------------------------------------------------------------

wait_for() { # seconds command... : true once the command succeeds, false when the time is up
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# await_daemon NAME SECONDS WHAT CHECK...: waits until CHECK succeeds; dies, naming the log, if
# the daemon exits first or the time runs out.
await_daemon() {
  local name=$1 seconds=$2 what=$3; shift 3
  if ! wait_for "$seconds" ready_or_exited "$name" "$@"; then
    die "$what did not answer within $seconds s; see $LOG_DIR/$name.log"
  fi
  "$@" || die "$what exited; see $LOG_DIR/$name.log"
}

ready_or_exited() { local name=$1; shift; "$@" || ! daemon_alive "$name"; }

# --- ports --------------------------------------------------------------------------------------

port_open() { # host:port -> true if something accepts connections there
  local host=${1%:*} port=${1##*:}
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

port_holders() { # port -> the pids listening on it, one a line (ss is Debian's iproute2)
  local listeners
  command -v ss >/dev/null || return 1
  listeners=$(ss -ltnpH "sport = :$1") || return 1
  grep -o 'pid=[0-9]*' <<<"$listeners" | cut -d= -f2 | sort -un || true
}

describe_holders() { # port -> who listens there, for a message
  local pids pid out=
  if ! pids=$(port_holders "$1"); then
    echo "a process that cannot be named (ss, from Debian's iproute2, is missing; bin/stack up installs it)"
    return 0
  fi
  for pid in $pids; do out+="${out:+, }$(proc_describe "$pid")"; done
  echo "${out:-a process this user cannot see (run as root to see which)}"
}

# claim_port NAME HOST:PORT WHAT HINT: is our daemon NAME the one on that port?
#   true:  NAME runs (it listens there, or is still starting): use it
#   false: nothing answers and NAME does not run: the caller starts it
#   dies:  something else answers there; says which process, and HINT says what to do
claim_port() {
  local name=$1 addr=$2 what=$3 hint=$4 port=${2##*:} pid='' holder
  pid=$(our_pid "$name") || pid=
  port_open "$addr" || { [ -n "$pid" ]; return; }
  if [ -n "$pid" ]; then
    # Ours, if it listens itself or a process of the session setsid made for it does (git daemon
    # listens in a child, for one).
    for holder in $(port_holders "$port" || true); do
      [ "$(proc_session "$holder" 2>/dev/null)" != "$pid" ] || return 0
    done
  fi
  die "$addr is held by $(describe_holders "$port"), not by the $what that bin/$LOG_TAG started" \
    "(pid files in $RUN_DIR). $hint"
}
