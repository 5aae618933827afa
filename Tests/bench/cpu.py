#!/usr/bin/env python3
"""Where a request's CPU goes: for emulator binaries and nginx (the same body from memory), DescribeWorkforce
under wrk, the server's and wrk's own user and system time per request and their context switches per
request, read from /proc and getrusage around each point. Points are interleaved, binaries and nginx in
turn, for several rounds, so that noise falls on all alike.

    python3 Tests/bench/cpu.py [BIN ...] [--seconds 3] [--connections 16,256] [--rounds 3] [--transport]

With no binary, .build/release/workforce-emulator. A throughput ratio hides which side moved; this shows
whether the server's user time (our code), its system time (sockets and wake-ups) or the client's share
changed. Needs wrk and nginx (Tests/bench/run installs both).

--transport adds the emulator's HTTP server alone (Tests/bench/transport, built here): the same
DescribeWorkforce answer, fixed, through the same loops, parser and serializer. What it lacks of nginx is
the transport's; what the emulator lacks of it is the app's.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (start_emulator, start_nginx, wrk, request builders)


def process_times(pids: list[int]) -> tuple[float, float, int]:
    """User seconds, system seconds and context switches (voluntary and not) of every thread of `pids`."""
    user = system = switches = 0
    for pid in pids:
        for task in glob.glob(f"/proc/{pid}/task/*"):
            try:
                with open(task + "/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                user += int(fields[11])
                system += int(fields[12])
                with open(task + "/status") as f:
                    switches += sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
            except OSError:  # a thread that ended meanwhile
                pass
    return user / bench.CLK_TCK, system / bench.CLK_TCK, switches


def worker_pids(pid: int) -> list[int]:
    """nginx's master and its workers."""
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *map(int, out)]


def point(server: bench.Server, pids: list[int], conns: int, seconds: int, logdir: str, tag: str) -> dict:
    before = process_times(pids)
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = bench.wrk(server.url, "post.lua", ["SageMaker.DescribeWorkforce", bench.DESCRIBE_BODY], conns, seconds,
                  logdir, tag)
    after = process_times(pids)
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    n = max(1, r["requests"])
    us = 1e6 / n
    return {
        "rps": r["rps"],
        "user": (after[0] - before[0]) * us,
        "system": (after[1] - before[1]) * us,
        "switches": (after[2] - before[2]) / n,
        "wrk_user": (wrk_after.ru_utime - wrk_before.ru_utime) * us,
        "wrk_system": (wrk_after.ru_stime - wrk_before.ru_stime) * us,
        "wrk_switches": (wrk_after.ru_nvcsw + wrk_after.ru_nivcsw - wrk_before.ru_nvcsw - wrk_before.ru_nivcsw) / n,
    }


def start_transport(body: bytes, workdir: str) -> bench.Server:
    """Builds Tests/bench/transport (release) and starts it answering `body`."""
    package = os.path.join(bench.ROOT, "Tests", "bench", "transport")
    subprocess.run(["swift", "build", "-c", "release", "--package-path", package], check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(package, ".build", "release", "transport-only")
    return bench.start_listening([binary, "0", body.decode()], workdir, "transport-only", "transport only")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binaries", nargs="*")
    ap.add_argument("--seconds", type=int, default=3)
    ap.add_argument("--connections", default="16,256")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--transport", action="store_true", help="also the HTTP server alone, with a fixed answer")
    args = ap.parse_args()
    binaries = args.binaries or [os.path.join(bench.ROOT, ".build", "release", "workforce-emulator")]
    levels = [int(x) for x in args.connections.split(",")]
    workdir = tempfile.mkdtemp(prefix="workforce-cpu-")
    started: list[bench.Server] = []
    try:
        servers = []
        body = b""
        for index, binary in enumerate(binaries):
            server = bench.start_emulator(binary, os.path.join(workdir, f"e{index}.sqlite3"), workdir, f"e{index}")
            started.append(server)
            status, _ = bench.http(server.port, bench.aws_request("SageMaker.CreateWorkforce", bench.CREATE_BODY))
            status, body = bench.http(server.port, bench.aws_request("SageMaker.DescribeWorkforce", bench.DESCRIBE_BODY))
            if status != 200:
                raise RuntimeError(f"{binary}: DescribeWorkforce answered {status}: {body!r}")
            servers.append((os.path.basename(binary) + f"#{index}", server, [server.pid]))
        if args.transport:
            transport = start_transport(body, workdir)
            started.append(transport)
            servers.append(("transport only", transport, [transport.pid]))
        nginx = bench.start_nginx(body, workdir)
        started.append(nginx)
        time.sleep(0.5)
        servers.append(("nginx", nginx, worker_pids(nginx.pid)))
        print(f"DescribeWorkforce, {args.seconds} s per point, {args.rounds} rounds; per request: server user and "
              f"system µs, its context switches, wrk's user and system µs and context switches")
        for rnd in range(args.rounds):
            for conns in levels:
                for name, server, pids in (servers if rnd % 2 == 0 else servers[::-1]):
                    p = point(server, pids, conns, args.seconds, workdir, f"{name}-{conns}-{rnd}")
                    print(f"{name:24s} c={conns:<4d} {p['rps']:9,.0f} req/s  server {p['user']:5.2f} user "
                          f"{p['system']:5.2f} sys  {p['switches']:.2f} cs | wrk {p['wrk_user']:5.2f} user "
                          f"{p['wrk_system']:5.2f} sys  {p['wrk_switches']:.2f} cs", flush=True)
    finally:
        for server in started:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
