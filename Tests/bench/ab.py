#!/usr/bin/env python3
"""A/B of two emulator binaries in one run: wrk points interleaved A, B, B, A, ... so that background noise
falls on both alike (how the README's per-change numbers were measured).

    python3 Tests/bench/ab.py BIN_A BIN_B [--seconds 3] [--connections 1,16,256] [--rounds 2] [--op describe|update]

A binary may be a wrapper script (to set an environment variable, say). Each server gets its own file
database with one workforce; `update` alternates two CIDR lists so every call changes the row (durable:
--transition-delay 0). Prints, per connection count, every round's req/s (sorted) and p99 for A and B.
Needs wrk (Tests/bench/run installs it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (the benchmark's helpers: start_emulator, wrk, request builders)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--seconds", type=int, default=3)
    ap.add_argument("--connections", default="1,16,256")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--op", choices=["describe", "update"], default="describe")
    args = ap.parse_args()
    levels = [int(x) for x in args.connections.split(",")]
    workdir = tempfile.mkdtemp(prefix="workforce-ab-")
    servers = {}
    try:
        for tag, binary in (("A", args.a), ("B", args.b)):
            server = bench.start_emulator(binary, os.path.join(workdir, tag + ".sqlite3"), workdir, tag)
            servers[tag] = server
            status, body = bench.http(server.port, bench.aws_request("SageMaker.CreateWorkforce", bench.CREATE_BODY))
            if status != 200:
                raise RuntimeError(f"{tag}: CreateWorkforce answered {status}: {body!r}")
        script_args = (["SageMaker.DescribeWorkforce", bench.DESCRIBE_BODY] if args.op == "describe"
                       else ["SageMaker.UpdateWorkforce", *bench.UPDATE_BODIES])
        results: dict = {}
        for rnd in range(args.rounds):
            for conns in levels:
                for tag in (("A", "B") if rnd % 2 == 0 else ("B", "A")):
                    server = servers[tag]
                    r = bench.wrk(server.url, "post.lua", script_args, conns, args.seconds, workdir,
                                  f"{tag}-{conns}-{rnd}", server.pid)
                    results.setdefault((tag, conns), []).append(r)
        print(f"{args.op}, {args.seconds} s per point, {args.rounds} rounds; A = {args.a}; B = {args.b}")
        for conns in levels:
            line = [f"c={conns:<4}"]
            for tag in ("A", "B"):
                rs = results[(tag, conns)]
                rps = " ".join(f"{x:8.0f}" for x in sorted(r["rps"] for r in rs))
                p99 = " ".join(f"{x / 1000:.2f}" for x in sorted(r["p99_us"] for r in rs))
                errors = sum(r["errors"] for r in rs)
                line.append(f"{tag}: {rps} req/s, p99 {p99} ms, errors {errors}")
            print("  ".join(line), flush=True)
    finally:
        for server in servers.values():
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
