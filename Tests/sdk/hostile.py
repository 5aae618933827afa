"""Helpers for the hardening tests (issue 4 parts 2-4): raw sockets, descriptor counts, timings.

Used by test_hostile_clients.py, test_crash_safety.py and test_races.py. Everything talks to
127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import struct
import time
from typing import Any

import wfe

# The really long variants (many more rounds, the 60 s keep-alive timeout) run with WFE_LONG=1.
LONG = os.environ.get("WFE_LONG", "") not in ("", "0")


def scaled(default: int, long: int) -> int:
    return long if LONG else default


# -- descriptors --------------------------------------------------------------------------------
def fd_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def socket_fd_count(pid: int) -> int:
    n = 0
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                n += 1
        except OSError:
            pass
    return n


def stable_fd_count(pid: int, settle: float = 0.3, timeout: float = 5.0) -> int:
    """The descriptor count once it has stopped changing for `settle` seconds."""
    deadline = time.monotonic() + timeout
    last = fd_count(pid)
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = fd_count(pid)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= settle:
            break
    return last


def wait_fds_back(emu: wfe.Emulator, baseline: int, timeout: float = 5.0) -> int:
    """Waits until the emulator holds no more descriptors than `baseline`; fails with the list if not."""
    pid = emu.proc.pid
    deadline = time.monotonic() + timeout
    while True:
        n = fd_count(pid)
        if n <= baseline:
            return n
        if time.monotonic() >= deadline:
            kinds: dict[str, int] = {}
            for name in os.listdir(f"/proc/{pid}/fd"):
                try:
                    target = os.readlink(f"/proc/{pid}/fd/{name}")
                except OSError:
                    continue
                kind = target.split(":")[0] if ":" in target else target
                kinds[kind] = kinds.get(kind, 0) + 1
            raise AssertionError(f"descriptor leak: the emulator holds {n} descriptors {timeout}s later, "
                                 f"baseline {baseline}; by kind: {kinds}")
        time.sleep(0.05)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def peak_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def raise_nofile(wanted: int) -> tuple[int, int]:
    """Raises this process's soft RLIMIT_NOFILE towards `wanted` (at most the hard limit); returns the old limits."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return soft, hard


def process_nofile_limits(pid: int) -> tuple[str, str]:
    """(soft, hard) `Max open files` of a process, as /proc/<pid>/limits shows them."""
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max open files"):
                parts = line.split()
                return parts[3], parts[4]
    raise AssertionError("no Max open files line")


# -- raw HTTP -----------------------------------------------------------------------------------
def connect(emu: wfe.Emulator, timeout: float = 10.0) -> socket.socket:
    return socket.create_connection((emu.host, emu.port), timeout=timeout)


def awsjson(operation: str | None, body: Any = b"{}", *, headers: dict[str, str] | None = None,
            framing: str | None = None, path: str = "/", target: str | None = None) -> bytes:
    """One unsigned awsJson 1.1 request as bytes. `body` may be bytes, str or a JSON-encodable value."""
    data = wfe.encode_body(body)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if target is None and operation is not None:
        target = f"SageMaker.{operation}"
    if target is not None:
        head += f"X-Amz-Target: {target}\r\n"
    head += "Content-Type: application/x-amz-json-1.1\r\n"
    head += framing if framing is not None else f"Content-Length: {len(data)}\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    return head.encode("latin-1") + b"\r\n" + data


def exchange(emu: wfe.Emulator, data: bytes, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes, bool]:
    """Sends `data` on a fresh connection and reads one response: (status, headers, body, closed after)."""
    with connect(emu, timeout) as s:
        s.sendall(data)
        buf = bytearray()
        status, headers, body = wfe.read_http_response(s, buf, timeout)
        # A close announced by the response must follow within seconds; otherwise the FIN would already
        # be here right behind the response bytes, so a short look suffices.
        announced = headers.get("connection", "").lower() == "close"
        closed = not buf and wfe.connection_closed(s, timeout=5 if announced else 0.05)
        return status, headers, body, closed


def error_code(headers: dict[str, str], body: bytes) -> str:
    """The awsJson error code of a response; header and body must agree (spec §1)."""
    doc = json.loads(body)
    code = doc.get("__type")
    assert headers.get("x-amzn-errortype") == code, f"X-Amzn-ErrorType {headers.get('x-amzn-errortype')!r} != __type {code!r}"
    assert doc.get("message") == doc.get("Message"), doc
    return code


def rst_close(sock: socket.socket):
    """Closes with an RST instead of a FIN (SO_LINGER on, 0 s)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def read_responses(sock: socket.socket, count: int, timeout: float = 20.0) -> list[tuple[int, dict[str, str], bytes]]:
    buf = bytearray()
    out = []
    deadline = time.monotonic() + timeout
    for _ in range(count):
        out.append(wfe.read_http_response(sock, buf, max(0.5, deadline - time.monotonic())))
    return out


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def timed_list_workforces(emu: wfe.Emulator, account: str = "111122223333", timeout: float = 10.0) -> float:
    """One ListWorkforces on a fresh connection (unsigned, raw); returns its latency in seconds."""
    t0 = time.perf_counter()
    status, headers, body, _ = exchange_keepopen(emu, awsjson("ListWorkforces", {},
                                                                  headers={"Connection": "close"}), timeout)
    dt = time.perf_counter() - t0
    assert status == 200, (status, body)
    assert "Workforces" in json.loads(body)
    return dt


def exchange_keepopen(emu: wfe.Emulator, data: bytes, timeout: float = 10.0):
    """Like `exchange` but without waiting for the close (the caller asked for Connection: close)."""
    with connect(emu, timeout) as s:
        s.sendall(data)
        status, headers, body = wfe.read_http_response(s, bytearray(), timeout)
        return status, headers, body, None


# -- a minimal awsJson client -----------------------------------------------------------------------
class Unacknowledged(Exception):
    """The request may or may not have reached the emulator (connection refused, reset, closed)."""


class RawClient:
    """Unsigned awsJson 1.1 over one keep-alive connection; the credential scope picks the namespace."""

    def __init__(self, emu: wfe.Emulator, access_key: str, region: str):
        self.emu = emu
        self.auth = (f"AWS4-HMAC-SHA256 Credential={access_key}/20250101/{region}/sagemaker/aws4_request, "
                     f"SignedHeaders=host;x-amz-date, Signature={'0' * 64}")
        self.conn: http.client.HTTPConnection | None = None

    def call(self, op: str, body: dict) -> tuple[int, dict]:
        data = json.dumps(body).encode()
        headers = {"X-Amz-Target": f"SageMaker.{op}", "Content-Type": "application/x-amz-json-1.1",
                   "Authorization": self.auth}
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.emu.host, self.emu.port, timeout=10)
            self.conn.request("POST", "/", body=data, headers=headers)
            resp = self.conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as err:
            self.close()
            raise Unacknowledged(repr(err)) from err
        try:
            doc = json.loads(raw) if raw else {}
        except ValueError:
            doc = {"_unparsed": raw[:500].decode("utf-8", "replace")}
        return resp.status, doc

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
