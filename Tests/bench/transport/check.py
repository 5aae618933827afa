#!/usr/bin/env python3
"""Checks that the benchmark's transport-only server (this package) still builds and answers as
`cpu.py --transport` expects: `make test` runs it, so the measuring tool cannot rot unseen.

    python3 Tests/bench/transport/check.py
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cpu  # noqa: E402  (start_transport: builds the package and starts it)
import run as bench  # noqa: E402  (aws_request, roundtrip)


def main() -> int:
    body = b'{"Workforce":{"WorkforceName":"wf"}}'
    server = cpu.start_transport(body, tempfile.mkdtemp(prefix="transport-check-"))
    try:
        request = bench.aws_request("SageMaker.DescribeWorkforce", '{"WorkforceName":"wf"}')
        # Two requests on one keep-alive connection, as wrk sends them.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            for attempt in (1, 2):
                status, answer = bench.roundtrip(sock, request)
                if status != 200 or answer != body:
                    print(f"transport-check: request {attempt}: {status} {answer!r}, expected 200 {body!r}")
                    return 1
    finally:
        server.stop()
        code = server.proc.returncode
    if code not in (0, -15):
        print(f"transport-check: the server exited {code} on SIGTERM")
        return 1
    print("transport-check: PASS (built, answered twice on one connection, stopped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
