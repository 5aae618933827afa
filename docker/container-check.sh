#!/usr/bin/env bash
# The container check (`make container-check`): builds docker/Dockerfile, unchanged, with a real OCI
# engine (Podman) and runs the image as users do; then runs docker/compose.yaml with podman-compose.
#
#   sudo bash docker/container-check.sh          (root: rootful Podman; .ci/run installs what it needs)
#
#  1. Podman's configuration and storage for this check only, under $WFE_CONTAINER_STATE (nothing in
#     /etc): runc (crun is refused here), default ulimits, netavark, a storage folder of its own.
#     (Only the image library's blob-info cache, a small database of layer digests, still goes to
#     /var/lib/containers/cache: Podman 4.3 has no setting that moves it.)
#  2. The base images the Dockerfile and compose file name, made locally when missing or out of date
#     (docker/base-images.sh; no registry is reachable), and kept in that storage for the next run.
#  3. `podman build --format docker -f docker/Dockerfile .` (the default OCI format would drop
#     HEALTHCHECK); the image's size, user, volume, port and health check are read off the result.
#  4. `podman run -d -p PORT:4599 -v VOLUME:/data` with an example fixture; the engine's own health
#     check is run (`podman healthcheck run`: without systemd nothing runs it on its own) until the
#     engine reports `healthy`; the emulator must be PID 1 of the container, uid/gid 10001.
#  5. boto3 from the host through the published port: docker/smoke_client.py (started before the
#     container, so its own bounded wait for health is exercised too), then a change of state.
#  6. `podman stop` (SIGTERM, SIGKILL after 10 s): exit code 0, well inside the grace period.
#  7. A new container on the same volume, without fixtures: it serves the changed state.
#  8. The HEALTHCHECK command fails where no emulator runs (a check that cannot fail proves nothing).
#  9. `podman-compose -f docker/compose.yaml up --build --exit-code-from smoke`: its exit code must be 0
#     and the client must say so; the pip in the smoke container gets this machine's pip index settings
#     and CA bundle (`pip config list`) through an override file, as a CI job would pass its own.
#
# Every container, volume, pod and network is named wfe-check-<pid>; they are removed on exit, and any
# an earlier run left (killed, or KEEP=1) are removed first. Runs one at a time (a lock).
# Environment: WFE_CONTAINER_STATE (default /var/cache/workforce-emulator/podman), WFE_CONTAINER_RESET=1
# (empty that storage first: a cold run, as on a fresh machine), PYTHON (default .venv/bin/python, with boto3), PODMAN_COMPOSE (default .venv/bin/podman-compose),
# WFE_FIXTURE (default cognito-ip-allowlist.json), KEEP=1 (keep the containers and volume to inspect).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
STATE=${WFE_CONTAINER_STATE:-/var/cache/workforce-emulator/podman}
RUNROOT=/run/workforce-emulator/podman
PY=${PYTHON:-$REPO/.venv/bin/python}
COMPOSE=${PODMAN_COMPOSE:-$REPO/.venv/bin/podman-compose}
FIXTURE=${WFE_FIXTURE:-cognito-ip-allowlist.json}
IMAGE=localhost/workforce-emulator:check
STOP_GRACE=10        # docker stop's and podman stop's default: SIGKILL after 10 s
HEALTH_WAIT=60       # seconds for the engine to report healthy
RUN=wfe-check-$$

started=$(date +%s.%N)
trap 'echo "container-check: FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
say() { printf '%s\n' "container-check: $*"; }
fail() { printf '%s\n' "container-check: FAIL: $*" >&2; exit 1; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(date +%s.%N)"; }

[ "$(id -u)" -eq 0 ] || fail "run as root (rootful Podman, debootstrap)"
for tool in podman runc iptables debootstrap python3; do
    command -v "$tool" >/dev/null \
        || fail "no $tool: apt-get install podman runc netavark aardvark-dns iptables debootstrap (.ci/run does)"
done
[ -x /usr/lib/podman/netavark ] || fail "no netavark: apt-get install netavark aardvark-dns (.ci/run does)"
"$PY" -c 'import boto3' 2>/dev/null || fail "$PY has no boto3: run \`make venv\` first"
[ -x "$COMPOSE" ] || fail "no podman-compose at $COMPOSE: run \`make container-check\` (it installs it into .venv)"

# -- 1. Podman for this check only ---------------------------------------------------------------------
mkdir -p "$STATE/tmp" "$STATE/networks" "$RUNROOT"
# One check at a time. Every command that may leave a process behind (podman's conmon outlives a killed
# run with its container) is started with the lock's descriptor closed, or a leftover would hold it.
exec 8>"$STATE/check.lock"
if ! flock -n 8; then
    say "waiting for the container check that holds $STATE/check.lock"
    flock -w 1800 8 || fail "another container check still holds $STATE/check.lock after 30 minutes"
fi
podman() { command podman "$@" 8>&-; }
if [ "${WFE_CONTAINER_RESET:-0}" = 1 ]; then
    # A cold run: no base images, no build cache. The overlay driver keeps a mount inside its storage,
    # so a plain rm -rf of the folder fails; unmount whatever is under it first (deepest first).
    say "WFE_CONTAINER_RESET=1: removing $STATE/storage, its build cache and $RUNROOT"
    awk -v s="$STATE/" -v r="$RUNROOT/" 'index($2, s) == 1 || index($2, r) == 1 {print $2}' /proc/mounts \
        | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
    rm -rf --one-file-system "$STATE/storage" "$STATE/tmp" "$STATE/networks" "$RUNROOT"
    mkdir -p "$STATE/tmp" "$STATE/networks" "$RUNROOT"
fi
# Podman's default ulimits (nofile 1048576) are above this machine's hard limits, and the runtime's
# setrlimit is refused ("error setting rlimits"). Containers get this machine's hard open-files limit
# (what the emulator raises its own soft limit to), and 4096 processes: conmon, which starts the
# container, runs with at most 32768, so the machine's own (96364 here) is refused too.
NOFILE=$(ulimit -Hn)
[ "$NOFILE" = unlimited ] && NOFILE=1048576
NPROC=4096
cat >"$STATE/containers.conf" <<EOF
# Written by docker/container-check.sh for its own podman processes (CONTAINERS_CONF).
[containers]
default_ulimits = ["nofile=$NOFILE:$NOFILE", "nproc=$NPROC:$NPROC"]

[engine]
# crun fails here ("cgroups in hybrid mode not supported"); runc works.
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$RUNROOT/libpod"
image_copy_tmp_dir = "$STATE/tmp"

[network]
network_backend = "netavark"
network_config_dir = "$STATE/networks"
EOF
cat >"$STATE/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$STATE/storage"
runroot = "$RUNROOT/storage"
EOF
# Short names resolve as Docker resolves them, to the images made locally (nothing is pulled).
cat >"$STATE/registries.conf" <<EOF
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
EOF
export CONTAINERS_CONF=$STATE/containers.conf CONTAINERS_STORAGE_CONF=$STATE/storage.conf \
       CONTAINERS_REGISTRIES_CONF=$STATE/registries.conf
export BUILDAH_FORMAT=docker   # for podman-compose's build too: the OCI format drops HEALTHCHECK

# podman prints harmless systemd complaints (no systemd: health check timers) on stderr; keep its
# output and show it only when a step fails.
LOG_DIR=$(mktemp -d /tmp/wfe-check.XXXXXX)
quiet() {  # quiet NAME CMD...: run, output to $LOG_DIR/NAME.log, shown on failure
    local log=$LOG_DIR/$1.log; shift
    if ! "$@" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        return 1
    fi
}

remove_run() {  # remove_run NAME_PREFIX: every container, pod, volume and network of one run
    local prefix=$1 name
    podman ps -a --format '{{.Names}}' | grep -E "^$prefix[-_]" | while read -r name; do podman rm -f -t 0 "$name"; done || true
    podman pod ls --format '{{.Name}}' | grep -E "^pod_$prefix\$" | while read -r name; do podman pod rm -f "$name"; done || true
    podman volume ls --format '{{.Name}}' | grep -E "^$prefix[-_]" | while read -r name; do podman volume rm -f "$name"; done || true
    podman network ls --format '{{.Name}}' | grep -E "^$prefix[-_]" | while read -r name; do podman network rm -f "$name"; done || true
}
cleanup() {
    local rc=$?
    set +e
    if [ "$rc" -ne 0 ]; then
        for c in $(podman ps -a --format '{{.Names}}' 2>/dev/null | grep -E "^$RUN[-_]"); do
            echo "--- podman logs $c (last 30 lines) ---" >&2
            podman logs "$c" 2>&1 | tail -n 30 >&2
        done
    fi
    if [ "${KEEP:-0}" = 1 ]; then
        say "kept the containers and volumes named $RUN-* (KEEP=1)"
    else
        remove_run "$RUN" >/dev/null 2>&1
    fi
    rm -rf "$LOG_DIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# What an earlier run left (killed, or KEEP=1) must not get in the way: with the lock held, no other
# check is running, so every wfe-check-* object is a leftover.
for old in $( { podman ps -a --format '{{.Names}}'; podman pod ls --format '{{.Name}}'
                podman volume ls --format '{{.Name}}'; podman network ls --format '{{.Name}}'; } 2>/dev/null \
              | sed -nE 's/^(pod_)?(wfe-check-[0-9]+)([-_].*)?$/\2/p' | sort -u); do
    say "removing what an earlier run left: $old-*"
    remove_run "$old" >/dev/null 2>&1 || true
done
# The debootstrap + chroot check this one replaced cached root filesystems beside the default folder.
if [ "$STATE" = /var/cache/workforce-emulator/podman ]; then
    rm -rf --one-file-system /var/cache/workforce-emulator/rootfs-* /var/cache/workforce-emulator/partial.* \
        /var/cache/workforce-emulator/.lock
fi
# Build cache that no build used for a week (each change of Sources/ leaves a few MB of layers).
podman image prune -f --filter until=168h >/dev/null 2>&1 || true

# -- 2. the base images --------------------------------------------------------------------------------
t=$(date +%s.%N)
WFE_BASE_WORK=$STATE/tmp bash "$REPO/docker/base-images.sh" 8>&- || fail "making the base images failed"
BASE_TIME=$(since "$t")

# -- 3. the image, from the unchanged Dockerfile -------------------------------------------------------
t=$(date +%s.%N)
say "podman build --format docker -f docker/Dockerfile -t $IMAGE ."
quiet build podman build --pull=never --format docker -f docker/Dockerfile -t "$IMAGE" . || fail "podman build failed"
BUILD_TIME=$(since "$t")
grep -E '^Build complete!' "$LOG_DIR/build.log" | sed 's/^/  swift: /' || true
inspect() { podman image inspect --format "$1" "$IMAGE"; }
IMAGE_BYTES=$(inspect '{{.Size}}')
IMAGE_MB=$(( (IMAGE_BYTES + 500000) / 1000000 ))
[ "$(inspect '{{.Config.User}}')" = 10001:10001 ] || fail "USER is '$(inspect '{{.Config.User}}')', not 10001:10001"
inspect '{{json .Config.Volumes}}' | grep -q '"/data"' || fail "no VOLUME /data"
inspect '{{json .Config.ExposedPorts}}' | grep -q '"4599/tcp"' || fail "4599/tcp is not exposed"
[ "$(inspect '{{json .HealthCheck.Test}}')" = '["CMD","/usr/local/bin/workforce-emulator","--health-check"]' ] \
    || fail "the image has no HEALTHCHECK (built in OCI format?): $(inspect '{{json .HealthCheck}}')"
say "image $IMAGE: $IMAGE_MB MB, built in $BUILD_TIME s; USER 10001:10001, VOLUME /data, EXPOSE 4599, HEALTHCHECK kept"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
wait_healthy() {  # wait_healthy CONTAINER: poll the engine's health check until it reports healthy
    local name=$1 deadline=$((SECONDS + HEALTH_WAIT)) state
    while true; do
        state=$(podman inspect --format '{{.State.Status}}' "$name")
        [ "$state" = running ] || fail "$name is $state before it was healthy"
        if podman healthcheck run "$name" >/dev/null 2>&1; then
            state=$(podman inspect --format '{{.State.Health.Status}}' "$name")
            [ "$state" = healthy ] && return 0
        fi
        [ $SECONDS -lt $deadline ] || fail "$name not healthy within $HEALTH_WAIT s (last: $(podman inspect --format '{{.State.Health.Status}}' "$name"))"
        sleep 0.2
    done
}
stop_container() {  # stop_container NAME: podman stop; sets STOP_TIME and STOP_RC
    local t
    t=$(date +%s.%N)
    quiet "stop-$1" podman stop -t "$STOP_GRACE" "$1" || fail "podman stop $1 failed"
    STOP_TIME=$(since "$t")
    STOP_RC=$(podman inspect --format '{{.State.ExitCode}}' "$1")
    [ "$STOP_RC" = 0 ] || fail "$1 exited $STOP_RC on stop (137 = SIGKILL after the grace period)"
    python3 -c "import sys; sys.exit(float(sys.argv[1]) >= float(sys.argv[2]))" "$STOP_TIME" "$STOP_GRACE" \
        || fail "$1 took $STOP_TIME s to stop, not within the $STOP_GRACE s grace period"
}

# -- 4. run it as users do -----------------------------------------------------------------------------
PORT=$(free_port)
VOLUME=$RUN-data
FIXTURE_IN_IMAGE=/usr/share/workforce-emulator/fixtures/$FIXTURE
[ -f "Fixtures/$FIXTURE" ] || fail "no Fixtures/$FIXTURE"
ENDPOINT=http://127.0.0.1:$PORT
quiet volume podman volume create "$VOLUME" || fail "podman volume create failed"

# The host's boto3 client starts first and waits for health itself (bounded), as compose's does.
"$PY" docker/smoke_client.py --endpoint "$ENDPOINT" --wait "$HEALTH_WAIT" "Fixtures/$FIXTURE" >"$LOG_DIR/smoke-host.log" 2>&1 8>&- &
SMOKE_PID=$!
t=$(date +%s.%N)
quiet run-a podman run -d --name "$RUN-a" -p "$PORT:4599" -v "$VOLUME:/data" \
    -e WORKFORCE_EMULATOR_FIXTURES="$FIXTURE_IN_IMAGE" -e WORKFORCE_EMULATOR_TRANSITION_DELAY=0 "$IMAGE" \
    || fail "podman run failed"
wait_healthy "$RUN-a"
HEALTHY_TIME=$(since "$t")
say "podman run -p $PORT:4599 -v $VOLUME:/data: the engine reports healthy after $HEALTHY_TIME s"

first_line=$(podman logs "$RUN-a" 2>/dev/null | head -n 1)
[ "$first_line" = "workforce-emulator listening on http://0.0.0.0:4599" ] || fail "unexpected start-up line: '$first_line'"
pid=$(podman inspect --format '{{.State.Pid}}' "$RUN-a")
read -r _ ruid euid suid fsuid < <(grep '^Uid:' "/proc/$pid/status")
read -r _ rgid egid sgid fsgid < <(grep '^Gid:' "/proc/$pid/status")
ns_pid=$(awk '/^NSpid:/ {print $NF}' "/proc/$pid/status")
[ "$ruid $euid $suid $fsuid $rgid $egid $sgid $fsgid" = "10001 10001 10001 10001 10001 10001 10001 10001" ] \
    || fail "the emulator runs as uid $ruid/$euid gid $rgid/$egid, not 10001"
[ "$ns_pid" = 1 ] || fail "the emulator is pid $ns_pid in its container, not 1 (it would not get SIGTERM itself)"
say "the emulator is PID 1 of the container, uid 10001, gid 10001"

# -- 5. boto3 from the host ----------------------------------------------------------------------------
smoke_rc=0
wait "$SMOKE_PID" || smoke_rc=$?
sed 's/^/  /' "$LOG_DIR/smoke-host.log"
[ "$smoke_rc" -eq 0 ] || fail "boto3 from the host: smoke_client.py exited $smoke_rc"
MARK="check-$RUN"
"$PY" - "$ENDPOINT" "$MARK" <<'EOF' || fail "boto3 from the host: changing state failed"
import sys, boto3
endpoint, mark = sys.argv[1:]
sm = boto3.client("sagemaker", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="SMOKETESTKEY", aws_secret_access_key="x")
sm.update_workforce(WorkforceName="labelers", SourceIpConfig={"Cidrs": ["10.99.0.0/16"]})
arn = sm.describe_workteam(WorkteamName="image-labelers")["Workteam"]["WorkteamArn"]
sm.add_tags(ResourceArn=arn, Tags=[{"Key": "container-check", "Value": mark}])
print("  changed: labelers' Cidrs = 10.99.0.0/16, image-labelers tagged container-check=" + mark)
EOF
db=$(podman volume inspect --format '{{.Mountpoint}}' "$VOLUME")/workforce-emulator.sqlite3
[ -f "$db" ] || fail "no database on the volume ($db)"
[ "$(stat -c %u:%g "$db")" = 10001:10001 ] || fail "the database on the volume is owned by $(stat -c %u:%g "$db")"

# -- 6. stop -------------------------------------------------------------------------------------------
stop_container "$RUN-a"
FIRST_STOP_TIME=$STOP_TIME
say "podman stop: exit code $STOP_RC after $STOP_TIME s (grace period $STOP_GRACE s)"

# -- 7. a new container on the same volume -------------------------------------------------------------
t=$(date +%s.%N)
quiet run-b podman run -d --name "$RUN-b" -p "$PORT:4599" -v "$VOLUME:/data" "$IMAGE" || fail "podman run (second) failed"
wait_healthy "$RUN-b"
say "a new container on $VOLUME, without fixtures: healthy after $(since "$t") s"
"$PY" - "$ENDPOINT" "$MARK" <<'EOF' || fail "the new container does not serve the state the first one left"
import sys, boto3
endpoint, mark = sys.argv[1:]
sm = boto3.client("sagemaker", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="SMOKETESTKEY", aws_secret_access_key="x")
wf = sm.describe_workforce(WorkforceName="labelers")["Workforce"]
team = sm.describe_workteam(WorkteamName="image-labelers")["Workteam"]
tags = sm.list_tags(ResourceArn=team["WorkteamArn"])["Tags"]
assert wf["SourceIpConfig"]["Cidrs"] == ["10.99.0.0/16"], wf["SourceIpConfig"]
assert {"Key": "container-check", "Value": mark} in tags, tags
print(f"  same state: labelers' Cidrs {wf['SourceIpConfig']['Cidrs']}, image-labelers has {len(tags)} tags incl. container-check")
EOF
# One emulator owns a database file: a third container on the same volume while the second runs is
# refused at once, naming the file (DESIGN "Persistence"), and the second keeps serving.
owner_out=$(podman run --rm --network none -v "$VOLUME:/data" "$IMAGE" 2>&1) && fail "a second emulator on $VOLUME started"
case "$owner_out" in
    *"/data/workforce-emulator.sqlite3 is in use by"*) ;;
    *) fail "a second emulator on $VOLUME was refused, but not for the database it shares: $owner_out" ;;
esac
say "a second container on $VOLUME while one runs: refused: $(printf '%s\n' "$owner_out" | grep -m1 'cannot start')"
stop_container "$RUN-b"
say "podman stop (second): exit code $STOP_RC after $STOP_TIME s"

# -- 8. the health check can fail ----------------------------------------------------------------------
hc_rc=0
podman run --rm --network none "$IMAGE" --health-check >/dev/null 2>&1 || hc_rc=$?
[ "$hc_rc" -ne 0 ] || fail "the HEALTHCHECK command exits 0 where no emulator runs"
say "the HEALTHCHECK command where no emulator runs: exit $hc_rc"

# -- 9. compose ----------------------------------------------------------------------------------------
# The smoke container's pip needs what the host's pip is configured with here (index, proxy, CA
# bundle): read it from `pip config list` (files and PIP_* variables) and pass it in an override file.
OVERRIDE=$LOG_DIR/compose.check.yaml
"$PY" - "$OVERRIDE" <<'EOF' || fail "cannot read this machine's pip configuration"
import json, os, subprocess, sys
out = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=True).stdout
found = {}
for line in out.splitlines():   # section.key='value'; PIP_* variables appear as :env:.key
    key, sep, value = line.partition("=")
    if sep:
        section, _, name = key.rpartition(".")
        rank = {":env:": 3, "install": 2, "global": 1}.get(section, 0)
        if rank and rank >= found.get(name, (0, ""))[0]:
            found[name] = (rank, value.strip().strip("'\""))
env, volumes = {}, []
for name, var in [("index-url", "PIP_INDEX_URL"), ("extra-index-url", "PIP_EXTRA_INDEX_URL"),
                  ("trusted-host", "PIP_TRUSTED_HOST"), ("proxy", "PIP_PROXY")]:
    if name in found:
        env[var] = " ".join(found[name][1].split())
cert = found.get("cert", (0, ""))[1]
if cert and os.path.isfile(cert):
    volumes.append(f"{os.path.realpath(cert)}:/run/pip-ca-bundle.crt:ro")
    env["PIP_CERT"] = "/run/pip-ca-bundle.crt"
smoke = {"environment": env} | ({"volumes": volumes} if volumes else {})
with open(sys.argv[1], "w") as f:
    json.dump({"services": {"smoke": smoke}}, f, indent=2)   # JSON is YAML
print("  smoke container's pip: " + (", ".join(sorted(env)) or "the defaults"))
EOF
COMPOSE_PORT=$(free_port)
compose() { WORKFORCE_EMULATOR_HOST_PORT=$COMPOSE_PORT "$COMPOSE" -p "$RUN" -f docker/compose.yaml -f "$OVERRIDE" "$@" 8>&-; }
t=$(date +%s.%N)
say "podman-compose -f docker/compose.yaml up --build --exit-code-from smoke (project $RUN)"
compose_rc=0
compose up --build --exit-code-from smoke >"$LOG_DIR/compose.log" 2>&1 || compose_rc=$?
COMPOSE_TIME=$(since "$t")
sed -E 's/\x1b\[[0-9;]*m//g' "$LOG_DIR/compose.log" | grep -E '^\[smoke\]' | grep -vE 'systemd|syslog' | sed 's/^/  /' || true
quiet compose-down compose down -v || say "podman-compose down -v failed (the exit trap removes the rest)"
if [ "$compose_rc" -ne 0 ]; then
    tail -n 40 "$LOG_DIR/compose.log" >&2
    fail "podman-compose up --exit-code-from smoke exited $compose_rc"
fi
grep -q '\[smoke\].*smoke: OK$' "$LOG_DIR/compose.log" || fail "podman-compose exited 0 but the smoke client did not report OK"
say "compose: the smoke client passed, exit code 0, in $COMPOSE_TIME s"

say "PASS in $(since "$started") s: image $IMAGE_MB MB ($IMAGE_BYTES bytes), base images $BASE_TIME s, build $BUILD_TIME s," \
    "healthy after $HEALTHY_TIME s, stop: exit 0 in $FIRST_STOP_TIME s, compose $COMPOSE_TIME s"
