#!/usr/bin/env bash
# Proves docker/Dockerfile's runtime stage without a Docker engine (none runs on the project's machines).
#
#   sudo bash docker/verify-runtime.sh          (root: debootstrap and chroot need it)
#
# 1. builds the static binary (`swift build -c release --static-swift-stdlib`, as the builder stage does);
# 2. reads the runtime stage from the Dockerfile itself (docker/runtime_stage.py): base suite, the
#    packages of its `apt-get install`, RUN/COPY/WORKDIR steps, ENV, USER, VOLUME, EXPOSE, HEALTHCHECK,
#    STOPSIGNAL, ENTRYPOINT; and checks that the build context (.dockerignore) holds what COPY needs;
# 3. makes a Debian root filesystem with `debootstrap --variant=minbase --include=<those packages>` from
#    the mirror apt uses here (cached in $WFE_ROOTFS_CACHE, keyed by suite + packages), copies it, and
#    replays the stage's RUN/COPY/WORKDIR steps into the copy (the user, /data, binary, fixtures);
# 4. runs the ENTRYPOINT in it as the container would: PID 1 of its own PID namespace, `chroot` as the
#    Dockerfile's USER, only the Dockerfile's ENV (plus a port and one example fixture, like `docker run
#    -e`), in its WORKDIR; waits for health from outside; runs the HEALTHCHECK command inside; calls it
#    with boto3 from outside (docker/smoke_client.py); sends the STOPSIGNAL and requires exit 0 in time.
#
# Environment: WFE_ROOTFS_CACHE (default /var/cache/workforce-emulator), WFE_SCRATCH_PATH (SwiftPM build
# folder, default .build), VERIFY_FIXTURE (default cognito-ip-allowlist.json), VERIFY_PORT (default: a
# free port), DEBOOTSTRAP_MIRROR (default: apt's), KEEP_ROOTFS=1 (keep the run's rootfs copy to inspect).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKERFILE=${WFE_DOCKERFILE:-$REPO/docker/Dockerfile}   # override only to test this script
HELPER=$REPO/docker/runtime_stage.py
CACHE_DIR=${WFE_ROOTFS_CACHE:-/var/cache/workforce-emulator}
SCRATCH=${WFE_SCRATCH_PATH:-$REPO/.build}
FIXTURE=${VERIFY_FIXTURE:-cognito-ip-allowlist.json}
STOP_GRACE=10        # docker stop's default: SIGKILL follows after 10 s
HEALTH_WAIT=30       # seconds to wait for /_emulator/health

started=$(date +%s.%N)
say() { printf '%s\n' "verify-runtime: $*"; }
fail() { printf '%s\n' "verify-runtime: FAIL: $*" >&2; exit 1; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(date +%s.%N)"; }

[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap and chroot need it)"
command -v python3 >/dev/null || fail "python3 is required"

WORK=""
LAUNCHER_PID=""
EMU_PID=""
MOUNTED=()
cleanup() {
    local rc=$?
    if [ -n "$EMU_PID" ] && kill -0 "$EMU_PID" 2>/dev/null; then
        kill -KILL "$EMU_PID" 2>/dev/null || true
    fi
    if [ -n "$LAUNCHER_PID" ] && kill -0 "$LAUNCHER_PID" 2>/dev/null; then
        kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
    fi
    [ -n "$LAUNCHER_PID" ] && wait "$LAUNCHER_PID" 2>/dev/null || true
    local m
    for m in "${MOUNTED[@]+"${MOUNTED[@]}"}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "$rc" -ne 0 ] && [ -s "$WORK/stderr" ]; then
            echo "--- emulator stderr (last 30 lines) ---" >&2
            tail -n 30 "$WORK/stderr" >&2
        fi
        if [ "${KEEP_ROOTFS:-0}" = 1 ]; then
            say "kept $WORK"
        else
            rm -rf --one-file-system "$WORK"
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# -- 1. the static binary -----------------------------------------------------------------------------
t=$(date +%s.%N)
say "building: swift build -c release --static-swift-stdlib (scratch path $SCRATCH)"
build_log=$(mktemp)
if ! (cd "$REPO" && swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH") >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    rm -f "$build_log"
    fail "swift build failed"
fi
tail -n 1 "$build_log"
rm -f "$build_log"
BIN=$(cd "$REPO" && swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)/workforce-emulator
[ -x "$BIN" ] || fail "no binary at $BIN"
if ldd "$BIN" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime'; then
    fail "$BIN still links the Swift runtime dynamically:
$(ldd "$BIN")"
fi
BIN_SIZE=$(stat -c %s "$BIN")
say "binary $BIN: $((BIN_SIZE / 1024 / 1024)) MiB, built in $(elapsed "$t") s"

# -- 2. the runtime stage, from the Dockerfile --------------------------------------------------------
vars=$(python3 "$HELPER" vars "$DOCKERFILE") || fail "cannot read the runtime stage of $DOCKERFILE"
eval "$vars"
[ ${#RT_PACKAGES[@]} -gt 0 ] && [ -n "$RT_USER" ] && [ ${#RT_ENTRYPOINT[@]} -gt 0 ] && [ ${#RT_HEALTHCHECK[@]} -gt 0 ] \
    || fail "parsing $DOCKERFILE found no packages/USER/ENTRYPOINT/HEALTHCHECK"
say "runtime stage: FROM $RT_IMAGE, packages: ${RT_PACKAGES[*]}, USER $RT_USER, WORKDIR $RT_WORKDIR"
say "  ENV ${RT_ENV[*]}"
say "  VOLUME ${RT_VOLUMES[*]}, EXPOSE ${RT_EXPOSE[*]}, STOPSIGNAL $RT_STOPSIGNAL, ENTRYPOINT ${RT_ENTRYPOINT[*]}"
python3 "$HELPER" context "$DOCKERFILE" "$REPO" || fail "the build context lacks what COPY needs"

env_value() {  # env_value NAME: the Dockerfile's ENV value of NAME
    local kv
    for kv in "${RT_ENV[@]}"; do [ "${kv%%=*}" = "$1" ] && { printf '%s' "${kv#*=}"; return 0; }; done
    return 1
}
# What the issue asks of the image, checked on the Dockerfile's own values.
[ "$(env_value WORKFORCE_EMULATOR_HOST)" = 0.0.0.0 ] || fail "ENV WORKFORCE_EMULATOR_HOST must be 0.0.0.0"
IMAGE_PORT=$(env_value WORKFORCE_EMULATOR_PORT) || fail "ENV WORKFORCE_EMULATOR_PORT missing"
printf '%s\n' "${RT_EXPOSE[@]}" | grep -qx "$IMAGE_PORT\(/tcp\)\?" || fail "EXPOSE ${RT_EXPOSE[*]} does not match the port $IMAGE_PORT"
DB_PATH=$(env_value WORKFORCE_EMULATOR_DB) || fail "ENV WORKFORCE_EMULATOR_DB missing"
on_volume=no
for v in "${RT_VOLUMES[@]}"; do case "$DB_PATH" in "$v"/*) on_volume=yes ;; esac; done
[ $on_volume = yes ] || fail "the database $DB_PATH is not on a VOLUME (${RT_VOLUMES[*]})"
case "${RT_USER%%:*}" in 0|root) fail "USER must not be root" ;; esac

# -- 3. the root filesystem ---------------------------------------------------------------------------
if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
fi
MIRROR=${DEBOOTSTRAP_MIRROR:-$(python3 "$HELPER" mirror "$RT_SUITE")} || fail "no mirror for $RT_SUITE"
ARCH=$(dpkg --print-architecture)
sorted_packages=$(printf '%s\n' "${RT_PACKAGES[@]}" | sort -u | paste -sd, -)
KEY=$(printf 'minbase %s %s %s\n' "$RT_SUITE" "$ARCH" "$sorted_packages" | sha256sum | cut -c1-16)
CACHED=$CACHE_DIR/rootfs-$RT_SUITE-$KEY
mkdir -p "$CACHE_DIR"
t=$(date +%s.%N)
(
    flock 9   # concurrent runs build the same cache once
    rm -rf --one-file-system "$CACHE_DIR"/partial.*   # left by an interrupted run
    if [ ! -f "$CACHED/.complete" ]; then
        say "debootstrap --variant=minbase --include=$sorted_packages $RT_SUITE from $MIRROR (cached as $CACHED)"
        partial=$(mktemp -d "$CACHE_DIR/partial.XXXXXX")
        chmod 0755 "$partial"   # it becomes /: mktemp's 0700 would lock every non-root user out
        if ! debootstrap --variant=minbase --include="$sorted_packages" "$RT_SUITE" "$partial" "$MIRROR" \
                >"$partial.log" 2>&1; then
            tail -n 20 "$partial.log" >&2
            rm -rf --one-file-system "$partial" "$partial.log"
            exit 1
        fi
        rm -f "$partial.log"
        # what the image's RUN apt-get also does: no package lists in the filesystem
        rm -rf "$partial"/var/lib/apt/lists/* "$partial"/var/cache/apt/archives/*.deb
        touch "$partial/.complete"
        rm -rf --one-file-system "$CACHED"
        mv "$partial" "$CACHED"
    fi
) 9>"$CACHE_DIR/.lock" || fail "debootstrap failed"
say "rootfs ready in $(elapsed "$t") s"

WORK=$(mktemp -d /var/tmp/wfe-verify.XXXXXX)
ROOT=$WORK/rootfs
cp -a "$CACHED" "$ROOT"
chmod 0755 "$ROOT"
rm -f "$ROOT/.complete"
for p in "${RT_PACKAGES[@]}"; do
    chroot "$ROOT" dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' \
        || fail "package $p is not installed in the rootfs"
done
PKG_COUNT=$(chroot "$ROOT" dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -c '^ii')
# /proc is needed, as in every container: the Swift runtime on Linux reads CommandLine.arguments from
# /proc/self/cmdline, so without it the emulator silently sees no flags at all (not even --health-check).
mount -t proc proc "$ROOT/proc"
MOUNTED+=("$ROOT/proc")
say "replaying the runtime stage into the rootfs:"
python3 "$HELPER" apply "$DOCKERFILE" "$ROOT" "$BIN" "$REPO" || fail "replaying the runtime stage failed"
read -r RUN_UID RUN_GID RUN_HOME < <(python3 "$HELPER" user "$ROOT" "$RT_USER") || fail "USER $RT_USER unresolved"
[ "$RUN_UID" -ne 0 ] || fail "USER $RT_USER resolves to uid 0"
ENTRY=${RT_ENTRYPOINT[0]}
[ -x "$ROOT$ENTRY" ] || fail "ENTRYPOINT $ENTRY is not an executable in the image"
if missing=$(chroot "$ROOT" /usr/bin/ldd "$ENTRY" | grep 'not found'); then
    fail "shared libraries missing in the rootfs: $missing"
fi
say "ldd in the rootfs: $(chroot "$ROOT" /usr/bin/ldd "$ENTRY" | awk '/=>/ {print $1}' | paste -sd' ' -)"

# -- 4. run it as the container would -----------------------------------------------------------------
PORT=${VERIFY_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])')}
FIXTURES_DIR=$(python3 - "$DOCKERFILE" <<'EOF'
import re, sys
m = re.search(r"^COPY\s+Fixtures/\S*\s+(\S+)\s*$", open(sys.argv[1]).read(), re.M)
print(m.group(1).rstrip("/") if m else "")
EOF
)
[ -n "$FIXTURES_DIR" ] || fail "the Dockerfile copies no Fixtures/ into the image"
[ -f "$ROOT$FIXTURES_DIR/$FIXTURE" ] || fail "$FIXTURES_DIR/$FIXTURE is not in the image"
# The container's environment: Docker's PATH, HOSTNAME and HOME, the Dockerfile's ENV, then `-e` overrides.
RUN_ENV=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "HOSTNAME=wfe-verify" "HOME=$RUN_HOME"
         "${RT_ENV[@]}" "WORKFORCE_EMULATOR_PORT=$PORT" "WORKFORCE_EMULATOR_FIXTURES=$FIXTURES_DIR/$FIXTURE")
in_container() {  # in_container CMD...: as the Dockerfile's USER, with only the container's env, in WORKDIR
    chroot --userspec="$RUN_UID:$RUN_GID" --groups="$RUN_GID" "$ROOT" \
        /usr/bin/env -i -C "$RT_WORKDIR" "${RUN_ENV[@]}" "$@"
}

say "starting ${RT_ENTRYPOINT[*]}${RT_CMD[*]+ ${RT_CMD[*]}} as $RUN_UID:$RUN_GID, port $PORT, fixture $FIXTURE"
t=$(date +%s.%N)
if unshare --pid --fork --kill-child true 2>/dev/null; then
    # PID 1 of its own PID namespace, as in a container: the kernel drops signals PID 1 has no handler
    # for, so this proves `docker stop`'s SIGTERM reaches the emulator's own handler.
    unshare --pid --fork --kill-child chroot --userspec="$RUN_UID:$RUN_GID" --groups="$RUN_GID" "$ROOT" \
        /usr/bin/env -i -C "$RT_WORKDIR" "${RUN_ENV[@]}" "${RT_ENTRYPOINT[@]}" "${RT_CMD[@]+"${RT_CMD[@]}"}" \
        >"$WORK/stdout" 2>"$WORK/stderr" &
    LAUNCHER_PID=$!
    for _ in $(seq 100); do
        EMU_PID=$(cat "/proc/$LAUNCHER_PID/task/$LAUNCHER_PID/children" 2>/dev/null | awk '{print $1}') || true
        [ -n "$EMU_PID" ] && break
        kill -0 "$LAUNCHER_PID" 2>/dev/null || fail "the emulator exited at once: $(cat "$WORK/stderr")"
        sleep 0.05
    done
    [ -n "$EMU_PID" ] || fail "cannot find the emulator's pid under unshare ($LAUNCHER_PID)"
    PID_MODE="PID 1 in its own PID namespace"
else
    in_container "${RT_ENTRYPOINT[@]}" "${RT_CMD[@]+"${RT_CMD[@]}"}" >"$WORK/stdout" 2>"$WORK/stderr" &
    LAUNCHER_PID=$!
    EMU_PID=$LAUNCHER_PID   # chroot and env exec, so this is the emulator itself
    PID_MODE="no PID namespace available here (unshare failed): an ordinary pid"
fi

python3 - "$PORT" "$HEALTH_WAIT" "$EMU_PID" <<'EOF' || fail "the emulator did not become healthy"
import json, os, sys, time, urllib.request
port, limit, pid = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
deadline = time.monotonic() + limit
while True:
    if not os.path.exists(f"/proc/{pid}"):
        sys.exit(f"the emulator (pid {pid}) exited before it was healthy")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/health", timeout=2) as r:
            if r.status == 200:
                json.load(r)
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit(f"no 200 from /_emulator/health within {limit} s")
    time.sleep(0.05)
EOF
HEALTHY_AFTER=$(elapsed "$t")
say "healthy after $HEALTHY_AFTER s ($PID_MODE)"

listening=$(head -n 1 "$WORK/stdout")
[ "$listening" = "workforce-emulator listening on http://0.0.0.0:$PORT" ] \
    || fail "unexpected start-up line: '$listening'"
ns_pid=$(awk '/^NSpid:/ {print $NF}' "/proc/$EMU_PID/status")
exe=$(readlink "/proc/$EMU_PID/exe")
[ "$exe" = "$ROOT$ENTRY" ] || fail "pid $EMU_PID runs $exe, not $ROOT$ENTRY"
read -r _ ruid euid _ _ < <(grep '^Uid:' "/proc/$EMU_PID/status")
read -r _ rgid egid _ _ < <(grep '^Gid:' "/proc/$EMU_PID/status")
groups=$(awk '/^Groups:/ {$1=""; print $0}' "/proc/$EMU_PID/status" | xargs)
[ "$ruid:$euid:$rgid:$egid" = "$RUN_UID:$RUN_UID:$RUN_GID:$RUN_GID" ] && [ "$groups" = "$RUN_GID" ] \
    || fail "the emulator runs as uid $ruid/$euid gid $rgid/$egid groups '$groups', not $RUN_UID:$RUN_GID"
say "process: pid $EMU_PID (pid $ns_pid inside), uid $euid, gid $egid, groups $groups, cwd $(readlink "/proc/$EMU_PID/cwd" | sed "s|^$ROOT||")"

# The image's HEALTHCHECK, inside, as Docker runs it: the container's user and environment.
t=$(date +%s.%N)
hc_rc=0
hc_out=$(in_container "${RT_HEALTHCHECK[@]}" 2>&1) || hc_rc=$?
hc_time=$(elapsed "$t")
[ "$hc_rc" -eq 0 ] || fail "HEALTHCHECK ${RT_HEALTHCHECK[*]} exited $hc_rc: $hc_out"
[ -z "$hc_out" ] || fail "HEALTHCHECK printed something on success: $hc_out"
python3 -c "import sys; sys.exit(float(sys.argv[1]) >= float(sys.argv[2]))" "$hc_time" "$RT_HEALTHCHECK_TIMEOUT" \
    || fail "HEALTHCHECK took $hc_time s, over its --timeout of $RT_HEALTHCHECK_TIMEOUT s"
say "HEALTHCHECK ${RT_HEALTHCHECK[*]}: exit 0 in $hc_time s (timeout ${RT_HEALTHCHECK_TIMEOUT} s)"

# Listening on 0.0.0.0 means reachable on a non-loopback address too (what a published port uses).
host_ip=$(hostname -I 2>/dev/null | awk '{print $1}') || true
if [ -n "$host_ip" ]; then
    python3 -c "import urllib.request, sys; urllib.request.urlopen(f'http://{sys.argv[1]}:{sys.argv[2]}/_emulator/health', timeout=5)" \
        "$host_ip" "$PORT" || fail "not reachable on $host_ip:$PORT"
    say "reachable on $host_ip:$PORT, not only on loopback"
fi

# boto3 from outside, as a test client would.
PY=python3
[ -x "$REPO/.venv/bin/python" ] && PY=$REPO/.venv/bin/python
"$PY" -c 'import boto3' 2>/dev/null || fail "$PY has no boto3: run \`make venv\` (or pip install boto3) first"
"$PY" "$REPO/docker/smoke_client.py" --endpoint "http://127.0.0.1:$PORT" "$REPO/Fixtures/$FIXTURE" \
    || fail "boto3 did not find what $FIXTURE declares"

[ -f "$ROOT$DB_PATH" ] || fail "no database at $DB_PATH on the volume"
db_owner=$(stat -c %u:%g "$ROOT$DB_PATH")
[ "$db_owner" = "$RUN_UID:$RUN_GID" ] || fail "$DB_PATH is owned by $db_owner"
say "database $DB_PATH on VOLUME, owned by $db_owner"

# docker stop: the STOPSIGNAL to PID 1, SIGKILL after the grace period.
t=$(date +%s.%N)
kill -s "${RT_STOPSIGNAL#SIG}" "$EMU_PID"
for _ in $(seq $((STOP_GRACE * 20))); do
    kill -0 "$LAUNCHER_PID" 2>/dev/null || break
    sleep 0.05
done
kill -0 "$LAUNCHER_PID" 2>/dev/null && fail "still running $STOP_GRACE s after $RT_STOPSIGNAL (docker stop would SIGKILL it)"
stop_rc=0
wait "$LAUNCHER_PID" || stop_rc=$?
LAUNCHER_PID=""
EMU_PID=""
STOPPED_IN=$(elapsed "$t")
[ "$stop_rc" -eq 0 ] || fail "exit code $stop_rc after $RT_STOPSIGNAL, expected 0"
say "$RT_STOPSIGNAL: exit 0 in $STOPPED_IN s"

# A health check that cannot fail proves nothing: with the emulator gone it must say unhealthy.
hc_rc=0
in_container "${RT_HEALTHCHECK[@]}" >/dev/null 2>&1 || hc_rc=$?
[ "$hc_rc" -ne 0 ] || fail "HEALTHCHECK exits 0 with no emulator running"
say "HEALTHCHECK with the emulator stopped: exit $hc_rc"

ROOTFS_SIZE=$(du -sm --exclude=proc "$ROOT" | cut -f1)
say "PASS in $(elapsed "$started") s: static binary $((BIN_SIZE / 1024 / 1024)) MiB ($BIN_SIZE bytes);" \
    "$RT_SUITE minbase rootfs + ${RT_PACKAGES[*]}: $PKG_COUNT packages, $ROOTFS_SIZE MiB;" \
    "healthy in $HEALTHY_AFTER s as uid $RUN_UID; stopped by $RT_STOPSIGNAL in $STOPPED_IN s"
