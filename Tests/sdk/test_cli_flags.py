"""The binary's command line: flags, environment variables, usage errors, signals (DESIGN.md "Configuration")."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time

import pytest

import wfe
from wfe import COGNITO


def run(args, env=None, cwd=None, timeout=20):
    return subprocess.run([str(wfe.binary_path()), *args], capture_output=True, text=True, timeout=timeout,
                          env=wfe.clean_env(env), cwd=cwd)


def unsigned_create(emu, name="Flag-Force"):
    """Creates a workforce with an unsigned request (configured region and account) and returns its ARN."""
    ns = emu.namespace()
    r = ns.raw("CreateWorkforce", {"WorkforceName": name, "CognitoConfig": COGNITO}, sign=False)
    assert r.status == 200, r.text
    return r.json["WorkforceArn"]


def test_help_exits_0_and_lists_the_flags(tmp_path):
    p = run(["--help"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    text = p.stdout + p.stderr
    for flag in ("--port", "--host", "--db", "--transition-delay", "--region", "--account-id", "--log-level"):
        assert flag in text, f"{flag} missing from --help"


def test_version_exits_0(tmp_path):
    p = run(["--version"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert re.search(r"\d+\.\d+", p.stdout + p.stderr), p.stdout


@pytest.mark.parametrize("args", [["--bogus"], ["--port", "notanumber"], ["--port", "70000"], ["--port"],
                                  ["--transition-delay", "soon"], ["--log-level", "loud"], ["positional"]],
                         ids=["unknown-flag", "port-nan", "port-range", "port-missing-value", "delay-nan",
                              "bad-log-level", "positional"])
def test_bad_command_line_exits_2_with_usage(tmp_path, args):
    p = run(args + ["--db", ":memory:"] if args != ["--port"] else ["--db", ":memory:"] + args, cwd=tmp_path)
    assert p.returncode == 2, f"exit {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}"
    assert "usage" in p.stderr.lower(), p.stderr
    assert "listening on" not in p.stdout


def test_listening_line_is_the_only_stdout_line_and_sigterm_exits_0(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:")
    assert re.fullmatch(r"workforce-emulator listening on http://127\.0\.0\.1:\d+\n", emu.stdout_lines[0])
    assert emu.port != 0
    unsigned_create(emu)
    assert emu.stop(signal.SIGTERM) == 0
    assert len(emu.stdout_lines) == 1, emu.stdout_lines


def test_sigint_exits_0(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:")
    assert emu.stop(signal.SIGINT) == 0


def test_defaults_without_flags_or_env(emulator_factory):
    emu = emulator_factory(delay=None, db=None)
    assert unsigned_create(emu) == "arn:aws:sagemaker:us-east-1:000000000000:workforce/Flag-Force"
    # default db file in the working directory
    assert (emu.workdir / "workforce-emulator.sqlite3").exists()
    # default transition delay is 1 s: the new workforce starts Initializing
    wf = emu.namespace(access_key="NOTDIGITS").client.describe_workforce(WorkforceName="Flag-Force")["Workforce"]
    assert wf["Status"] == "Initializing"


def test_region_and_account_flags(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:", args=["--region", "ap-south-1", "--account-id", "123412341234"])
    assert unsigned_create(emu) == "arn:aws:sagemaker:ap-south-1:123412341234:workforce/Flag-Force"


def test_env_vars_are_applied(emulator_factory, tmp_path):
    db = tmp_path / "from-env.sqlite3"
    emu = emulator_factory(delay=None, db=None, port_flag=False,
                           env={"WORKFORCE_EMULATOR_PORT": "0", "WORKFORCE_EMULATOR_DB": str(db),
                                "WORKFORCE_EMULATOR_TRANSITION_DELAY": "0", "WORKFORCE_EMULATOR_REGION": "eu-west-3",
                                "WORKFORCE_EMULATOR_ACCOUNT_ID": "111122223333",
                                "WORKFORCE_EMULATOR_LOG_LEVEL": "debug", "WORKFORCE_EMULATOR_HOST": "127.0.0.1"})
    assert unsigned_create(emu) == "arn:aws:sagemaker:eu-west-3:111122223333:workforce/Flag-Force"
    assert db.exists()
    assert not (emu.workdir / "workforce-emulator.sqlite3").exists()
    ns = emu.namespace("eu-west-3", access_key="NOTDIGITS")
    assert ns.client.describe_workforce(WorkforceName="Flag-Force")["Workforce"]["Status"] == "Active"


def test_flags_win_over_env(emulator_factory, tmp_path):
    env_db, flag_db = tmp_path / "env.sqlite3", tmp_path / "flag.sqlite3"
    emu = emulator_factory(delay=0, db=str(flag_db), args=["--region", "us-west-2", "--account-id", "444455556666"],
                           env={"WORKFORCE_EMULATOR_PORT": "1", "WORKFORCE_EMULATOR_DB": str(env_db),
                                "WORKFORCE_EMULATOR_TRANSITION_DELAY": "30",
                                "WORKFORCE_EMULATOR_REGION": "eu-west-3",
                                "WORKFORCE_EMULATOR_ACCOUNT_ID": "111122223333"})
    assert emu.port not in (1, None)
    assert unsigned_create(emu) == "arn:aws:sagemaker:us-west-2:444455556666:workforce/Flag-Force"
    assert flag_db.exists() and not env_db.exists()
    ns = emu.namespace("us-west-2", access_key="NOTDIGITS")
    assert ns.client.describe_workforce(WorkforceName="Flag-Force")["Workforce"]["Status"] == "Active"


def test_transition_delay_flag(emulator_factory):
    emu = emulator_factory(delay=30, db=":memory:")
    unsigned_create(emu)
    ns = emu.namespace(access_key="NOTDIGITS")
    assert ns.client.describe_workforce(WorkforceName="Flag-Force")["Workforce"]["Status"] == "Initializing"


def test_fractional_transition_delay(emulator_factory):
    emu = emulator_factory(delay=0.25, db=":memory:")
    unsigned_create(emu)
    ns = emu.namespace(access_key="NOTDIGITS")
    wfe.wait_until(lambda: ns.client.describe_workforce(WorkforceName="Flag-Force")["Workforce"]["Status"] == "Active",
                   3.0, what="Active after 0.25 s")


def test_host_flag(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:", args=["--host", "127.0.0.2"])
    assert emu.stdout_lines[0].startswith("workforce-emulator listening on http://127.0.0.2:")
    assert emu.host == "127.0.0.2"
    unsigned_create(emu)


def test_sigterm_with_idle_keep_alive_connections_exits_promptly(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:")
    idle = []
    try:
        for _ in range(3):
            s = socket.create_connection((emu.host, emu.port), timeout=10)
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SageMaker.ListWorkforces\r\n"
                      b"Content-Length: 2\r\n\r\n{}")
            status, _, _ = wfe.read_http_response(s, bytearray())
            assert status == 200
            idle.append(s)
        t0 = time.monotonic()
        assert emu.stop(signal.SIGTERM, timeout=10) == 0
        assert time.monotonic() - t0 < 5, "SIGTERM must not wait for idle keep-alive connections to time out"
    finally:
        for s in idle:
            s.close()


def test_port_in_use_fails_to_start(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        p = wfe.start_expecting_failure(["--port", str(port), "--db", ":memory:"], cwd=tmp_path)
    assert not p.started
    assert p.returncode not in (0, None)
    assert p.stderr.strip()
