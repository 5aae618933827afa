#!/usr/bin/env bash
# Makes the three base images that docker/Dockerfile and docker/compose.yaml name, locally, for machines
# that reach no registry (the project's own: only Debian's mirror and PyPI). Each is tagged with the
# exact name Docker resolves, so the unchanged Dockerfile and compose file find it:
#
#   docker.io/library/debian:bookworm-slim  debootstrap --variant=minbase bookworm, with the apt/dpkg
#                                           settings of the official slim image, `podman import`ed
#   docker.io/library/swift:6.3-bookworm    the official image's recipe (swiftlang/swift-docker
#                                           6.3/debian/12): its Debian packages, plus this machine's
#                                           toolchain from $SWIFT_TOOLCHAIN copied into /usr
#   docker.io/library/python:3.11-slim      bookworm's python3 (3.11) with pip, in a venv at /usr/local
#
# Each image is also tagged localhost/workforce-emulator-base/NAME:KEY, KEY a hash of its recipe (this
# file, its inputs, its base's image id), and is made again only when that changes, so a machine that
# keeps its container storage pays the 3-5 minutes once (not a label: the emulator's image would
# inherit it). Run as root; docker/container-check.sh runs it with its own podman configuration (by
# hand it uses the machine's). Environment: ENGINE (default podman), SWIFT_TOOLCHAIN (default /opt/swift),
# DEBOOTSTRAP_MIRROR (default: the mirror apt uses here for bookworm), WFE_BASE_WORK (scratch folder,
# default under /var/tmp; it must be on the toolchain's file system for the copy to be hard links).
set -euo pipefail

ENGINE=${ENGINE:-podman}
SUITE=bookworm
SWIFT_TOOLCHAIN=${SWIFT_TOOLCHAIN:-/opt/swift}
DEBIAN_IMAGE=docker.io/library/debian:bookworm-slim
SWIFT_IMAGE=docker.io/library/swift:6.3-bookworm
PYTHON_IMAGE=docker.io/library/python:3.11-slim
RECIPE_REPO=localhost/workforce-emulator-base
SELF=$(realpath "${BASH_SOURCE[0]}")

trap 'echo "base-images: FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
say() { printf '%s\n' "base-images: $*"; }
fail() { printf '%s\n' "base-images: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap, and the engine's storage)"
command -v "$ENGINE" >/dev/null || fail "no $ENGINE"

# The first apt source for SUITE in this machine's apt configuration (one-line or deb822 format).
apt_uri() {
    python3 - "$1" <<'EOF'
import re, sys
from pathlib import Path
suite, found = sys.argv[1], []
for f in [Path("/etc/apt/sources.list")] + sorted(Path("/etc/apt/sources.list.d").glob("*")):
    if not f.is_file():
        continue
    text = f.read_text("utf-8", "replace")
    if f.name.endswith(".sources"):
        for block in re.split(r"\n\s*\n", text):
            fields = {}
            for line in block.splitlines():
                if not line.startswith("#") and ":" in line:
                    key, _, value = line.partition(":")
                    fields[key.strip().lower()] = value.strip()
            if ("deb" in fields.get("types", "").split() and suite in fields.get("suites", "").split()
                    and fields.get("enabled", "yes").lower() != "no"):
                found += fields.get("uris", "").split()
    elif f.name.endswith(".list"):
        for line in text.splitlines():
            words = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
            if len(words) >= 3 and words[0] == "deb" and words[2] == suite:
                found.append(words[1])
if not found:
    sys.exit(f"no apt source for {suite} in /etc/apt/sources.list(.d)")
print(found[0])
EOF
}

image_id() { "$ENGINE" image inspect --format '{{.Id}}' "$1" 2>/dev/null; }
# cached IMAGE RECIPE_TAG: IMAGE exists and is the image that recipe made
cached() { local id; id=$(image_id "$1") && [ "$id" = "$(image_id "$2")" ]; }
# recorded IMAGE RECIPE_TAG: tag IMAGE with its recipe; the images of older recipes go (unless in use)
recorded() {
    "$ENGINE" images --format '{{.Repository}}:{{.Tag}}' "${2%:*}" 2>/dev/null | grep -vxF "$2" \
        | while read -r old; do "$ENGINE" rmi "$old" >/dev/null 2>&1 || true; done || true
    "$ENGINE" tag "$1" "$2"
}
key() { { sha256sum "$SELF" | cut -d' ' -f1; printf '%s\n' "$@"; } | sha256sum | cut -c1-16; }

WORK_PARENT=${WFE_BASE_WORK:-/var/tmp}
mkdir -p "$WORK_PARENT"
WORK=$(mktemp -d "$WORK_PARENT/wfe-base.XXXXXX")
trap 'rm -rf --one-file-system "$WORK"' EXIT

# -- debian:bookworm-slim -----------------------------------------------------------------------------
MIRROR=${DEBOOTSTRAP_MIRROR:-$(apt_uri "$SUITE")}
SECURITY_MIRROR=$(apt_uri "$SUITE-security" 2>/dev/null || echo http://deb.debian.org/debian-security)
ARCH=$(dpkg --print-architecture)
want=$RECIPE_REPO/debian:$(key debian "$SUITE" "$ARCH" "$MIRROR" "$SECURITY_MIRROR")
if cached "$DEBIAN_IMAGE" "$want"; then
    say "$DEBIAN_IMAGE: cached"
else
    t=$SECONDS
    command -v debootstrap >/dev/null || fail "no debootstrap (apt-get install debootstrap)"
    say "$DEBIAN_IMAGE: debootstrap --variant=minbase $SUITE from $MIRROR"
    root=$WORK/rootfs
    if ! debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$root" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
        tail -n 20 "$WORK/debootstrap.log" >&2
        fail "debootstrap failed"
    fi
    # The official image's apt and dpkg settings (debuerreotype's): no package caches or .bin files kept
    # after an install, compressed lists, no translations, unsafe-io; otherwise every `RUN apt-get`
    # layer keeps ~80 MB of cache. And slim's path excludes: no docs but copyrights, no man pages, no
    # locales, for the files removed now and for every package installed later.
    conf=$root/etc/apt/apt.conf.d
    printf '%s\n' 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
        'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
        'Dir::Cache::pkgcache "";' 'Dir::Cache::srcpkgcache "";' >"$conf/docker-clean"
    echo 'Acquire::GzipIndexes "true";' >"$conf/docker-gzip-indexes"
    echo 'Acquire::Languages "none";' >"$conf/docker-no-languages"
    echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$conf/docker-autoremove-suggests"
    echo 'force-unsafe-io' >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
    excludes=('/usr/share/doc/*' '/usr/share/info/*' '/usr/share/linda/*' '/usr/share/lintian/overrides/*'
              '/usr/share/locale/*' '/usr/share/man/*' '/usr/share/groff/*')
    includes=('/usr/share/doc/*/copyright' '/usr/share/locale/locale.alias')
    { for p in "${excludes[@]}"; do echo "path-exclude $p"; done
      for p in "${includes[@]}"; do echo "path-include $p"; done; } >"$root/etc/dpkg/dpkg.cfg.d/docker"
    find "$root/usr/share/doc" -mindepth 1 ! -type d ! -path "$root/usr/share/doc/*/copyright" -delete
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
    find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
    rm -rf "$root"/usr/share/{info,linda,lintian/overrides,man,groff}/*
    # The official image's sources (deb822), from the mirrors this machine's apt uses.
    rm -f "$root/etc/apt/sources.list"
    cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    # What an image must not carry: package lists and caches, logs, this host's name and resolver
    # (the engine provides /etc/hosts, /etc/hostname and /etc/resolv.conf), a machine id.
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
           "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/etc/resolv.conf "$root"/etc/hostname \
           "$root"/tmp/* "$root"/var/tmp/*
    : >"$root/etc/machine-id"
    tar --numeric-owner --xattrs --acls -C "$root" -cf - . \
        | "$ENGINE" import --change 'CMD ["bash"]' - "$DEBIAN_IMAGE" >"$WORK/import.log" 2>&1 \
        || { cat "$WORK/import.log" >&2; fail "$ENGINE import failed"; }
    recorded "$DEBIAN_IMAGE" "$want"
    rm -rf --one-file-system "$root"
    say "$DEBIAN_IMAGE: made in $((SECONDS - t)) s"
fi
DEBIAN_ID=$(image_id "$DEBIAN_IMAGE")

# -- swift:6.3-bookworm -------------------------------------------------------------------------------
[ -x "$SWIFT_TOOLCHAIN/usr/bin/swift" ] || fail "no Swift toolchain at $SWIFT_TOOLCHAIN (set SWIFT_TOOLCHAIN)"
SWIFT_VERSION=$("$SWIFT_TOOLCHAIN/usr/bin/swift" --version 2>/dev/null | head -n 1)
case "$SWIFT_VERSION" in *"version 6.3"*) ;; *) fail "$SWIFT_TOOLCHAIN is not Swift 6.3: $SWIFT_VERSION" ;; esac
want=$RECIPE_REPO/swift:$(key swift "$DEBIAN_ID" "$SWIFT_VERSION")
if cached "$SWIFT_IMAGE" "$want"; then
    say "$SWIFT_IMAGE: cached"
else
    t=$SECONDS
    ctx=$WORK/swift
    mkdir -p "$ctx"
    # The toolchain as the official image unpacks it (its tarball's usr/ into /), without what a build
    # never runs: the language server, the debugger, docc, clangd, swift-format, the Embedded Swift
    # libraries, libclang (for tools, the compiler has its own): ~1.7 GB of 3.3.
    # Hard links when the scratch folder is on the toolchain's file system: no bytes copied here.
    cp -al "$SWIFT_TOOLCHAIN/usr" "$ctx/usr" 2>/dev/null || { rm -rf "$ctx/usr"; cp -a "$SWIFT_TOOLCHAIN/usr" "$ctx/usr"; }
    (cd "$ctx/usr" && rm -rf bin/sourcekit-lsp bin/lldb* bin/docc bin/clangd bin/swift-format bin/repl_swift \
        lib/liblldb.so* lib/libsourcekitdInProc.so lib/libSwiftSourceKit*.so lib/libclang.so* lib/python3* \
        lib/swift/embedded lib/swift/FrameworkABIBaseline lib/swift/migrator share/docc)
    cat >"$ctx/Containerfile" <<EOF
FROM $DEBIAN_IMAGE
RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true && apt-get -q update && \\
    apt-get -q install -y binutils libicu-dev libcurl4-openssl-dev libedit-dev libsqlite3-dev \\
        libncurses-dev libpython3-dev libxml2-dev pkg-config uuid-dev tzdata git gcc libstdc++-12-dev \\
    && rm -r /var/lib/apt/lists/*
COPY usr/ /usr/
RUN swift --version
EOF
    "$ENGINE" build --pull=never --format docker --layers=false -t "$SWIFT_IMAGE" -f "$ctx/Containerfile" "$ctx" \
        >"$WORK/swift.log" 2>&1 || { tail -n 30 "$WORK/swift.log" >&2; fail "building $SWIFT_IMAGE failed"; }
    recorded "$SWIFT_IMAGE" "$want"
    rm -rf --one-file-system "$ctx"
    say "$SWIFT_IMAGE: made in $((SECONDS - t)) s ($SWIFT_VERSION)"
fi

# -- python:3.11-slim ---------------------------------------------------------------------------------
want=$RECIPE_REPO/python:$(key python "$DEBIAN_ID")
if cached "$PYTHON_IMAGE" "$want"; then
    say "$PYTHON_IMAGE: cached"
else
    t=$SECONDS
    ctx=$WORK/python
    mkdir -p "$ctx"
    # `python`, `pip` and site-packages under /usr/local, as in the official image; a venv there keeps
    # Debian's own python3 untouched (and PEP 668's refusal of system-wide pip out of the way).
    cat >"$ctx/Containerfile" <<EOF
FROM $DEBIAN_IMAGE
RUN export DEBIAN_FRONTEND=noninteractive && apt-get -q update \\
    && apt-get -q install -y --no-install-recommends python3 python3-venv ca-certificates \\
    && rm -rf /var/lib/apt/lists/* \\
    && python3 -m venv /usr/local \\
    && /usr/local/bin/python --version
ENV LANG=C.UTF-8
CMD ["python3"]
EOF
    "$ENGINE" build --pull=never --format docker --layers=false -t "$PYTHON_IMAGE" -f "$ctx/Containerfile" "$ctx" \
        >"$WORK/python.log" 2>&1 || { tail -n 30 "$WORK/python.log" >&2; fail "building $PYTHON_IMAGE failed"; }
    recorded "$PYTHON_IMAGE" "$want"
    say "$PYTHON_IMAGE: made in $((SECONDS - t)) s"
fi
