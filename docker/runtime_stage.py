#!/usr/bin/env python3
"""Reads the runtime stage of docker/Dockerfile, and replays it into a root filesystem.

Helper of docker/verify-runtime.sh, which proves the runtime stage without a Docker engine. Everything
the script does to imitate the image comes from the Dockerfile through this file, so the two cannot
drift: a Dockerfile this parser does not understand makes it fail loudly, never guess.

    runtime_stage.py vars DOCKERFILE              shell assignments for bash's eval (see `emit_vars`)
    runtime_stage.py apply DOCKERFILE ROOTFS BINARY CONTEXT
                                                  replay RUN (all but the apt-get ones, which debootstrap
                                                  stands in for), COPY and WORKDIR, in order
    runtime_stage.py context DOCKERFILE CONTEXT   every stage's COPY from the build context finds files
                                                  that .dockerignore lets through
    runtime_stage.py user ROOTFS USER             "uid gid home" of USER (numeric or a name) in ROOTFS
    runtime_stage.py mirror SUITE                 the Debian mirror apt already uses here for SUITE
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DOCKER_DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
APT_OPTIONS_WITH_ARGUMENT = {"-o", "--option", "-t", "--target-release", "-c", "--config-file"}


class DockerfileError(Exception):
    pass


@dataclass
class Instruction:
    keyword: str
    args: str
    line: int

    def __str__(self) -> str:
        return f"line {self.line}: {self.keyword} {self.args}"


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)


# -- parsing -----------------------------------------------------------------------------------------
def logical_lines(text: str) -> list[tuple[int, str]]:
    """Joins `\\` continuations and drops comment lines (also inside continuations), as Docker does."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if not current:
            start = number
        if stripped.endswith("\\"):
            current.append(stripped[:-1].strip())
            continue
        current.append(stripped)
        out.append((start, " ".join(p for p in current if p)))
        current = []
    if current:
        raise DockerfileError(f"line {start}: continuation runs off the end of the file")
    return out


def parse(path: Path) -> tuple[dict[str, str], list[Stage]]:
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for number, line in logical_lines(path.read_text("utf-8")):
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        args = args.strip()
        if keyword == "FROM":
            words = args.split()
            words = [w for w in words if not w.startswith("--platform=")]
            image = substitute(words[0], global_args, number)
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(image, name))
        elif keyword == "ARG" and not stages:
            key, _, default = args.partition("=")
            global_args[key.strip()] = default.strip().strip('"')
        elif not stages:
            raise DockerfileError(f"line {number}: {keyword} before the first FROM")
        else:
            stages[-1].instructions.append(Instruction(keyword, args, number))
    if len(stages) < 2:
        raise DockerfileError(f"{path}: expected a multi-stage Dockerfile (builder + runtime), found {len(stages)} stage(s)")
    return global_args, stages


def substitute(word: str, variables: dict[str, str], line: int) -> str:
    def repl(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        if name not in variables:
            raise DockerfileError(f"line {line}: ${name} has no default")
        return variables[name]
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", repl, word)


def exec_form(args: str, what: Instruction) -> list[str]:
    """A JSON array (exec form) as is; the shell form becomes /bin/sh -c, as Docker runs it."""
    if args.startswith("["):
        try:
            value = json.loads(args)
        except json.JSONDecodeError as err:
            raise DockerfileError(f"{what}: not a JSON array: {err}") from None
        if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            raise DockerfileError(f"{what}: expected a non-empty JSON array of strings")
        return value
    return ["/bin/sh", "-c", args]


def parse_env(inst: Instruction) -> list[tuple[str, str]]:
    if "$" in inst.args:
        raise DockerfileError(f"{inst}: variable references in ENV are not supported by this check")
    words = shlex.split(inst.args)
    if words and all("=" in w for w in words):
        return [tuple(w.split("=", 1)) for w in words]  # type: ignore[misc]
    if len(words) >= 2 and "=" not in words[0]:  # legacy `ENV KEY value with spaces`
        return [(words[0], inst.args.split(None, 1)[1])]
    raise DockerfileError(f"{inst}: cannot read this ENV")


def duration_seconds(text: str, what: Instruction) -> float:
    total, pos = 0.0, 0
    for m in re.finditer(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text):
        if m.start() != pos:
            break
        total += float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m.group(2)]
        pos = m.end()
    if pos != len(text) or not text:
        raise DockerfileError(f"{what}: cannot read the duration {text!r}")
    return total


def shell_segments(command: str) -> list[list[str]]:
    """A shell command split into simple commands at &&, ||, ; and |."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars="&|;")
    lexer.whitespace_split = True
    segments: list[list[str]] = [[]]
    for token in lexer:
        if token in {"&&", "||", ";", "|", "&"}:
            segments.append([])
        else:
            segments[-1].append(token)
    return [s for s in segments if s]


def is_apt(segment: list[str]) -> bool:
    return bool(segment) and segment[0] in {"apt-get", "apt"}


def apt_packages(segment: list[str], what: Instruction) -> list[str]:
    words = segment[1:]
    packages: list[str] = []
    i = 0
    seen_install = False
    while i < len(words):
        word = words[i]
        if word in APT_OPTIONS_WITH_ARGUMENT:
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        if not seen_install:
            if word != "install":
                return []  # apt-get update, clean, ...
            seen_install = True
        else:
            if "=" in word or "/" in word or "*" in word:
                raise DockerfileError(f"{what}: {word!r}: pinned or globbed packages are not supported by debootstrap --include")
            packages.append(word)
        i += 1
    return packages


@dataclass
class Runtime:
    image: str
    suite: str
    packages: list[str]
    env: list[tuple[str, str]]
    user: str
    workdir: str
    volumes: list[str]
    exposed: list[str]
    entrypoint: list[str]
    cmd: list[str]
    healthcheck: list[str]
    healthcheck_timeout: float
    stopsignal: str
    steps: list[Instruction]


def runtime_stage(path: Path) -> Runtime:
    _, stages = parse(path)
    stage = stages[-1]
    m = re.fullmatch(r"(?:docker\.io/)?(?:library/)?debian:([a-z]+)(?:-slim)?(?:@sha256:[0-9a-f]{64})?", stage.image)
    if not m:
        raise DockerfileError(f"runtime stage FROM {stage.image}: expected debian:<suite>[-slim]")
    packages: list[str] = []
    env: list[tuple[str, str]] = []
    user, workdir = "", "/"
    volumes: list[str] = []
    exposed: list[str] = []
    entrypoint: list[str] = []
    cmd: list[str] = []
    healthcheck: list[str] = []
    hc_timeout = 30.0  # Docker's default
    stopsignal = "SIGTERM"
    steps: list[Instruction] = []
    for inst in stage.instructions:
        k = inst.keyword
        if k == "RUN":
            if inst.args.startswith("["):
                steps.append(inst)
                continue
            segments = shell_segments(inst.args)
            if any(is_apt(s) for s in segments):
                for s in segments:
                    if is_apt(s):
                        packages += apt_packages(s, inst)
                    elif not (s[0] == "rm" and all(a.startswith("-") or a.startswith("/var/lib/apt/lists") for a in s[1:])):
                        raise DockerfileError(f"{inst}: a RUN that runs apt-get may only also clean /var/lib/apt/lists "
                                              f"(found {' '.join(s)!r}); put other commands in their own RUN")
            else:
                steps.append(inst)
        elif k in {"COPY", "ADD"}:
            if k == "ADD":
                raise DockerfileError(f"{inst}: use COPY (ADD's URL/tar behaviour is not replayed)")
            steps.append(inst)
        elif k == "ENV":
            env += parse_env(inst)
            steps.append(inst)
        elif k == "USER":
            user = inst.args.strip()
            steps.append(inst)
        elif k == "WORKDIR":
            workdir = os.path.normpath(os.path.join(workdir, inst.args.strip()))
            steps.append(inst)
        elif k == "VOLUME":
            volumes += exec_form(inst.args, inst) if inst.args.startswith("[") else inst.args.split()
        elif k == "EXPOSE":
            exposed += inst.args.split()
        elif k == "ENTRYPOINT":
            entrypoint = exec_form(inst.args, inst)
        elif k == "CMD":
            cmd = exec_form(inst.args, inst)
        elif k == "HEALTHCHECK":
            words = inst.args.split(None)
            if words and words[0].upper() == "NONE":
                healthcheck = []
                continue
            rest = inst.args
            while rest.startswith("--"):
                option, _, rest = rest.partition(" ")
                rest = rest.strip()
                if option.startswith("--timeout="):
                    hc_timeout = duration_seconds(option.split("=", 1)[1], inst)
            if not rest.upper().startswith("CMD "):
                raise DockerfileError(f"{inst}: expected HEALTHCHECK [options] CMD ...")
            healthcheck = exec_form(rest[4:].strip(), inst)
        elif k == "STOPSIGNAL":
            stopsignal = inst.args.strip()
        elif k in {"LABEL", "ARG", "SHELL", "ONBUILD", "MAINTAINER"}:
            if k in {"SHELL", "ONBUILD"}:
                raise DockerfileError(f"{inst}: not supported by this check")
        else:
            raise DockerfileError(f"{inst}: unknown instruction")
    runtime = Runtime(stage.image, m.group(1), packages, env, user, workdir, volumes, exposed, entrypoint, cmd,
                      healthcheck, hc_timeout, stopsignal, steps)
    missing = [what for what, value in [("apt-get install packages", packages), ("ENV", env), ("USER", user),
                                         ("VOLUME", volumes), ("EXPOSE", exposed), ("ENTRYPOINT", entrypoint),
                                         ("HEALTHCHECK CMD", healthcheck)] if not value]
    if missing:
        raise DockerfileError(f"{path}: the runtime stage (FROM {stage.image}) has no {', '.join(missing)}: "
                              f"the check would prove nothing")
    return runtime


def emit_vars(path: Path) -> str:
    r = runtime_stage(path)
    q = shlex.quote

    def array(name: str, items: list[str]) -> str:
        return f"{name}=({' '.join(q(i) for i in items)})"
    return "\n".join([
        f"RT_IMAGE={q(r.image)}",
        f"RT_SUITE={q(r.suite)}",
        array("RT_PACKAGES", r.packages),
        array("RT_ENV", [f"{k}={v}" for k, v in r.env]),
        f"RT_USER={q(r.user)}",
        f"RT_WORKDIR={q(r.workdir)}",
        array("RT_VOLUMES", r.volumes),
        array("RT_EXPOSE", r.exposed),
        array("RT_ENTRYPOINT", r.entrypoint),
        array("RT_CMD", r.cmd),
        array("RT_HEALTHCHECK", r.healthcheck),
        f"RT_HEALTHCHECK_TIMEOUT={q(str(r.healthcheck_timeout))}",
        f"RT_STOPSIGNAL={q(r.stopsignal)}",
    ]) + "\n"


# -- .dockerignore ---------------------------------------------------------------------------------
def dockerignore_rules(context: Path) -> list[tuple[bool, re.Pattern]]:
    path = context / ".dockerignore"
    rules: list[tuple[bool, re.Pattern]] = []
    if not path.exists():
        return rules
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = os.path.normpath(line[1:].strip() if negate else line).lstrip("/")
        regex = ""
        i = 0
        while i < len(pattern):
            c = pattern[i]
            if pattern.startswith("**/", i):  # any number of folders, including none
                regex += "(?:.*/)?"
                i += 3
                continue
            if pattern.startswith("**", i):
                regex += ".*"
                i += 2
                continue
            regex += {"*": "[^/]*", "?": "[^/]"}.get(c, re.escape(c))
            i += 1
        rules.append((negate, re.compile(regex + r"\Z")))
    return rules


def ignored(relative: str, rules: list[tuple[bool, re.Pattern]]) -> bool:
    """moby's patternmatcher: the last pattern matching the path or one of its parent folders decides."""
    parts = relative.split("/")
    candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    result = False
    for negate, regex in rules:
        if any(regex.match(c) for c in candidates):
            result = not negate
    return result


# -- replaying the stage ---------------------------------------------------------------------------
def chroot_run(rootfs: Path, argv: list[str], env: dict[str, str], workdir: str, user: str | None) -> None:
    cmd = ["chroot"]
    if user:
        uid, gid, _ = resolve_user(rootfs, user)
        cmd += [f"--userspec={uid}:{gid}", f"--groups={gid}"]
    cmd += [str(rootfs), "/usr/bin/env", "-i", "-C", workdir, *[f"{k}={v}" for k, v in env.items()], *argv]
    subprocess.run(cmd, check=True)


def resolve_user(rootfs: Path, spec: str) -> tuple[int, int, str]:
    name, _, group = spec.partition(":")
    passwd = [l.split(":") for l in (rootfs / "etc/passwd").read_text().splitlines() if l.count(":") == 6]
    groups = [l.split(":") for l in (rootfs / "etc/group").read_text().splitlines() if l.count(":") == 3]
    entry = next((p for p in passwd if p[0] == name or (name.isdigit() and p[2] == name)), None)
    if name.isdigit():
        uid = int(name)
    elif entry:
        uid = int(entry[2])
    else:
        raise DockerfileError(f"USER {spec}: no user {name} in the image")
    if group:
        g = next((x for x in groups if x[0] == group or (group.isdigit() and x[2] == group)), None)
        if group.isdigit():
            gid = int(group)
        elif g:
            gid = int(g[2])
        else:
            raise DockerfileError(f"USER {spec}: no group {group} in the image")
    else:
        gid = int(entry[3]) if entry else 0
    return uid, gid, entry[5] if entry else "/"


def apply(dockerfile: Path, rootfs: Path, binary: Path, context: Path) -> None:
    r = runtime_stage(dockerfile)
    rules = dockerignore_rules(context)
    env: dict[str, str] = {"PATH": DOCKER_DEFAULT_PATH}
    workdir, user = "/", ""
    for inst in r.steps:
        k = inst.keyword
        if k == "ENV":
            env.update(dict(parse_env(inst)))
        elif k == "USER":
            user = inst.args.strip()
        elif k == "WORKDIR":
            workdir = os.path.normpath(os.path.join(workdir, inst.args.strip()))
            (rootfs / workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
            print(f"  WORKDIR {workdir}")
        elif k == "RUN":
            argv = exec_form(inst.args, inst)
            print(f"  RUN (line {inst.line}) in the rootfs{' as ' + user if user else ''}")
            chroot_run(rootfs, argv, env, workdir, user or None)
        elif k == "COPY":
            copy(inst, rootfs, binary, context, rules, workdir)


def copy(inst: Instruction, rootfs: Path, binary: Path, context: Path, rules, workdir: str) -> None:
    words = shlex.split(inst.args) if not inst.args.lstrip().startswith("[") else None
    flags: dict[str, str] = {}
    if words is None:
        raise DockerfileError(f"{inst}: use the space-separated COPY form")
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    unknown = set(flags) - {"from", "chown", "chmod", "link"}
    if unknown or len(words) < 2:
        raise DockerfileError(f"{inst}: cannot replay (flags {sorted(unknown)}, {len(words)} words)")
    *sources, dest = words
    files: list[tuple[Path, str]] = []  # (host file, name in dest)
    if "from" in flags:
        for src in sources:
            if Path(src).name != binary.name:
                raise DockerfileError(f"{inst}: only the built {binary.name} can come from a build stage")
            files.append((binary, binary.name))
    else:
        for src in sources:
            matches = sorted(glob.glob(str(context / src.lstrip("/"))))
            kept = [Path(m) for m in matches if not ignored(os.path.relpath(m, context), rules)]
            if not kept:
                raise DockerfileError(f"{inst}: {src} matches nothing in the build context "
                                      f"({len(matches)} match(es) before .dockerignore)")
            for m in kept:
                if m.is_dir():
                    for f in sorted(m.rglob("*")):
                        rel = os.path.relpath(f, context)
                        if f.is_file() and not ignored(rel, rules):
                            files.append((f, str(f.relative_to(m))))
                else:
                    files.append((m, m.name))
    dest_path = os.path.normpath(os.path.join(workdir, dest))
    into_dir = dest.endswith("/") or len(files) > 1 or len(sources) > 1
    uid = gid = 0
    if flags.get("chown"):
        uid, gid, _ = resolve_user(rootfs, flags["chown"])
    for host, name in files:
        target = rootfs / (os.path.join(dest_path, name) if into_dir else dest_path).lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(host, target)
        os.chown(target, uid, gid)
        if flags.get("chmod"):
            os.chmod(target, int(flags["chmod"], 8))
    print(f"  COPY {len(files)} file(s) -> {dest_path}{'/' if into_dir else ''}")


def check_context(dockerfile: Path, context: Path) -> None:
    rules = dockerignore_rules(context)
    _, stages = parse(dockerfile)
    for stage in stages:
        for inst in stage.instructions:
            if inst.keyword != "COPY" or "--from=" in inst.args:
                continue
            *sources, _ = [w for w in shlex.split(inst.args) if not w.startswith("--")]
            for src in sources:
                sent = []
                for m in glob.glob(str(context / src.lstrip("/"))):
                    paths = [Path(m)] + (sorted(Path(m).rglob("*")) if Path(m).is_dir() else [])
                    sent += [p for p in paths if p.is_file() and not ignored(os.path.relpath(p, context), rules)]
                if not sent:
                    raise DockerfileError(f"{inst}: {src} sends no file in the build context (.dockerignore?)")
                print(f"  context: {src} -> {len(sent)} file(s)")


# -- the mirror apt uses here -------------------------------------------------------------------
def mirror(suite: str) -> str:
    found: list[str] = []
    files = [Path("/etc/apt/sources.list")] + sorted(Path("/etc/apt/sources.list.d").glob("*"))
    for f in files:
        if not f.is_file():
            continue
        text = f.read_text("utf-8", "replace")
        if f.name.endswith(".sources"):
            for block in re.split(r"\n\s*\n", text):
                fields: dict[str, str] = {}
                for line in block.splitlines():
                    if line.startswith("#") or ":" not in line:
                        continue
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
        raise DockerfileError(f"no apt source for {suite} in /etc/apt/sources.list(.d): set DEBOOTSTRAP_MIRROR")
    return found[0]


def main(argv: list[str]) -> int:
    try:
        if len(argv) == 2 and argv[0] == "vars":
            sys.stdout.write(emit_vars(Path(argv[1])))
        elif len(argv) == 5 and argv[0] == "apply":
            apply(Path(argv[1]), Path(argv[2]), Path(argv[3]), Path(argv[4]))
        elif len(argv) == 3 and argv[0] == "context":
            check_context(Path(argv[1]), Path(argv[2]))
        elif len(argv) == 3 and argv[0] == "user":
            print(*resolve_user(Path(argv[1]), argv[2]))
        elif len(argv) == 2 and argv[0] == "mirror":
            print(mirror(argv[1]))
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (DockerfileError, subprocess.CalledProcessError, OSError) as err:
        print(f"runtime_stage.py: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
