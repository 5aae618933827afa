#!/usr/bin/env python3
"""Soak and hostile-memory measurements for workforce-emulator (issue 12). Prints numbers; exits 1 when
what must hold does not.

  soak.py soak   [--seconds 600] [--interval 60]   mixed API load in 50 namespaces (creates, updates,
                                                   describes, lists, team churn, workforce re-creation);
                                                   RSS, open descriptors and database size sampled each
                                                   interval; must be flat after warm-up
  soak.py bodies [--connections 1000]               each connection sends a 1 MiB body slowly: highest
                                                   RSS, every connection answered or timed out, RSS back
                                                   near idle afterwards

Every request goes to 127.0.0.1 only, every loop is bounded in count and time. Needs the release binary
(WORKFORCE_EMULATOR_BIN, default .build/release/workforce-emulator).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("WORKFORCE_EMULATOR_BIN") or str(ROOT / ".build" / "release" / "workforce-emulator")
NAMESPACES = 50
COGNITO = {"UserPool": "us-east-1_SoakPool1", "ClientId": "soak-client"}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def db_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


class Emulator:
    def __init__(self, workdir: Path, args: list[str]):
        self.db = workdir / "soak.sqlite3"
        self.proc = subprocess.Popen([BIN, "--port", "0", "--db", str(self.db), "--log-level", "warning", *args],
                                     stdout=subprocess.PIPE, stderr=open(workdir / "stderr.log", "wb"),
                                     stdin=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode()
        m = re.search(r":(\d+)$", line.strip())
        if not m:
            raise SystemExit(f"emulator did not start: {line!r}")
        self.port = int(m.group(1))

    def stop(self) -> int:
        self.proc.terminate()
        return self.proc.wait(timeout=20)


# ------------------------------------------------------------------------------------------------ soak

class Client:
    """One keep-alive connection making awsJson calls as the namespace's account."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def call(self, account: str, operation: str, body: dict) -> tuple[int, dict]:
        data = json.dumps(body).encode()
        headers = {"X-Amz-Target": f"SageMaker.{operation}", "Content-Type": "application/x-amz-json-1.1",
                   "Authorization": f"AWS4-HMAC-SHA256 Credential={account}/20260101/us-east-1/sagemaker/aws4_request, "
                                    "SignedHeaders=host, Signature=" + "0" * 64}
        for attempt in range(2):
            try:
                self.conn.request("POST", "/", body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, json.loads(response.read() or b"{}")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def worker(port: int, deadline: float, seed: int, counts: dict, errors: list, lock: threading.Lock) -> None:
    rng = random.Random(seed)
    client = Client(port)
    done: dict[str, int] = {}
    while time.monotonic() < deadline:
        account = f"{700000000000 + rng.randrange(NAMESPACES)}"
        roll = rng.random()
        if roll < 0.10:
            operation, body = "CreateWorkforce", {"WorkforceName": "soak", "CognitoConfig": COGNITO}
        elif roll < 0.25:
            cidrs = [f"10.{rng.randrange(256)}.0.0/16" for _ in range(rng.randrange(4))]
            operation, body = "UpdateWorkforce", {"WorkforceName": "soak", "SourceIpConfig": {"Cidrs": cidrs}}
        elif roll < 0.55:
            operation, body = "DescribeWorkforce", {"WorkforceName": "soak"}
        elif roll < 0.65:
            operation, body = "ListWorkforces", {}
        elif roll < 0.75:
            operation, body = "CreateWorkteam", {
                "WorkteamName": f"team-{rng.randrange(5)}", "WorkforceName": "soak", "Description": "soak team",
                "MemberDefinitions": [{"CognitoMemberDefinition": {**COGNITO, "UserGroup": "g"}}],
                "Tags": [{"Key": "run", "Value": str(rng.randrange(1000))}]}
        elif roll < 0.85:
            operation, body = "DeleteWorkteam", {"WorkteamName": f"team-{rng.randrange(5)}"}
        elif roll < 0.95:
            operation, body = "ListWorkteams", {"MaxResults": 10}
        else:
            operation, body = "DeleteWorkforce", {"WorkforceName": "soak"}
        status, answer = client.call(account, operation, body)
        if status >= 500:
            with lock:
                errors.append(f"{operation}: {status} {answer}")
        done[operation] = done.get(operation, 0) + 1
    with lock:
        for key, value in done.items():
            counts[key] = counts.get(key, 0) + value


def soak(seconds: float, interval: float, threads: int) -> int:
    with tempfile.TemporaryDirectory(prefix="wfe-soak-") as tmp:
        emulator = Emulator(Path(tmp), ["--transition-delay", "0.2"])
        pid = emulator.proc.pid
        log(f"soak: {seconds:.0f} s, {threads} clients, {NAMESPACES} namespaces, sample every {interval:.0f} s (pid {pid})")
        counts: dict[str, int] = {}
        errors: list[str] = []
        lock = threading.Lock()
        start = time.monotonic()
        deadline = start + seconds
        pool = [threading.Thread(target=worker, args=(emulator.port, deadline, i, counts, errors, lock), daemon=True)
                for i in range(threads)]
        for t in pool:
            t.start()
        samples = []
        print(f"{'t (s)':>6} {'RSS (MB)':>9} {'fds':>5} {'db (MB)':>8}")
        next_sample = start
        while True:
            now = time.monotonic()
            if now >= next_sample:
                sample = (now - start, rss_kb(pid) / 1024, open_fds(pid), db_bytes(emulator.db) / 1e6)
                samples.append(sample)
                print(f"{sample[0]:6.0f} {sample[1]:9.1f} {sample[2]:5d} {sample[3]:8.2f}", flush=True)
                next_sample += interval
            if now >= deadline:
                break
            time.sleep(min(0.5, max(0.0, next_sample - now)))
        for t in pool:
            t.join(timeout=30)
        final = (time.monotonic() - start, rss_kb(pid) / 1024, open_fds(pid), db_bytes(emulator.db) / 1e6)
        samples.append(final)
        print(f"{final[0]:6.0f} {final[1]:9.1f} {final[2]:5d} {final[3]:8.2f}  (end)")
        total = sum(counts.values())
        log(f"{total} calls ({total / seconds:.0f}/s): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        code = emulator.stop()
        # Flat after warm-up: from the second sample on, RSS and descriptors do not climb.
        warm = samples[1:] if len(samples) > 2 else samples
        rss_growth = max(s[1] for s in warm) - warm[0][1]
        fd_growth = max(s[2] for s in warm) - warm[0][2]
        db_growth = warm[-1][3] - warm[0][3]
        verdicts = [
            ("no 5xx answers", not errors, f"{len(errors)} ({errors[:3]})"),
            ("RSS flat after warm-up (≤ 5 MB growth)", rss_growth <= 5, f"+{rss_growth:.1f} MB"),
            ("descriptors flat after warm-up", fd_growth <= 2, f"+{fd_growth}"),
            ("database bounded (≤ 2 MB growth after warm-up)", db_growth <= 2, f"+{db_growth:.2f} MB"),
            ("SIGTERM exit 0", code == 0, str(code)),
        ]
        return report(verdicts)


# ---------------------------------------------------------------------------------------------- bodies

def slow_bodies(connections: int, body_bytes: int, chunk: int, pause: float) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, connections + 256)), hard))
    with tempfile.TemporaryDirectory(prefix="wfe-bodies-") as tmp:
        emulator = Emulator(Path(tmp), [])
        pid = emulator.proc.pid
        time.sleep(0.5)
        idle = rss_kb(pid) / 1024
        log(f"bodies: {connections} connections each sending {body_bytes >> 20} MiB in {chunk >> 10} KiB pieces every "
            f"{pause} s; idle RSS {idle:.1f} MB")
        head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: SageMaker.ListWorkforces\r\n"
                f"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {body_bytes}\r\n\r\n").encode()
        socks = []
        for _ in range(connections):
            s = socket.create_connection(("127.0.0.1", emulator.port))
            s.setblocking(False)
            socks.append(s)
        sent = {s: 0 for s in socks}
        answered: dict[socket.socket, int] = {}
        pending_head = {s: head for s in socks}
        piece = b" " * chunk
        peak = idle
        deadline = time.monotonic() + 120
        while len(answered) < connections and time.monotonic() < deadline:
            for s in socks:
                if s in answered:
                    continue
                try:
                    if pending_head[s]:
                        n = s.send(pending_head[s])
                        pending_head[s] = pending_head[s][n:]
                    elif sent[s] < body_bytes:
                        n = s.send(piece[: min(chunk, body_bytes - sent[s])])
                        sent[s] += n
                except BlockingIOError:
                    pass
                except OSError:
                    answered[s] = 0  # closed by the server (a timeout's 408 already read or reset)
            poller = select.poll()
            by_fd = {}
            for s in socks:
                if s not in answered:
                    poller.register(s, select.POLLIN)
                    by_fd[s.fileno()] = s
            for fd, _ in poller.poll(0):
                s = by_fd[fd]
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b""
                m = re.match(rb"HTTP/1\.1 (\d{3})", data)
                answered[s] = int(m.group(1)) if m else 0
            peak = max(peak, rss_kb(pid) / 1024)
            time.sleep(pause)
        for s in socks:
            s.close()
        closed = time.monotonic()
        after = rss_kb(pid) / 1024
        while time.monotonic() < closed + 15 and after > idle + 8:  # the heap is trimmed every few seconds
            time.sleep(0.5)
            after = rss_kb(pid) / 1024
        settled = time.monotonic() - closed
        statuses: dict[int, int] = {}
        for status in answered.values():
            statuses[status] = statuses.get(status, 0) + 1
        print(f"peak RSS {peak:.1f} MB, {after:.1f} MB {settled:.1f} s after the clients left, idle before {idle:.1f} MB")
        print("answers: " + ", ".join(f"{k or 'closed'}: {v}" for k, v in sorted(statuses.items())))
        alive = emulator.proc.poll() is None
        code = emulator.stop()
        verdicts = [
            ("every connection answered or timed out", len(answered) == connections, f"{len(answered)}/{connections}"),
            ("process stayed up and exits 0 on SIGTERM", alive and code == 0, f"alive={alive} exit={code}"),
            ("RSS back near idle (≤ idle + 16 MB within 15 s)", after <= idle + 16, f"{after:.1f} MB"),
        ]
        return report(verdicts)


def report(verdicts: list[tuple[str, bool, str]]) -> int:
    for name, ok, value in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value}")
    return 0 if all(ok for _, ok, _ in verdicts) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("soak")
    s.add_argument("--seconds", type=float, default=600)
    s.add_argument("--interval", type=float, default=60)
    s.add_argument("--threads", type=int, default=8)
    b = sub.add_parser("bodies")
    b.add_argument("--connections", type=int, default=1000)
    b.add_argument("--body-mib", type=int, default=1)
    b.add_argument("--chunk-kib", type=int, default=64)
    b.add_argument("--pause", type=float, default=0.05)
    args = parser.parse_args()
    if args.command == "soak":
        return soak(args.seconds, args.interval, args.threads)
    return slow_bodies(args.connections, args.body_mib << 20, args.chunk_kib << 10, args.pause)


if __name__ == "__main__":
    sys.exit(main())
