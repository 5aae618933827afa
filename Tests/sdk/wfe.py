"""Helpers for the workforce-emulator SDK conformance suite.

Everything here talks to a real emulator process: `Emulator` starts and stops the binary,
`Namespace` is one isolated (account, region) with a real boto3 client, a raw awsJson 1.1 helper
and an AWS CLI runner. Spec references (§n) are to /work/shared/spec/workforce-api.md.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import boto3
import pytest
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO / ".build" / "release" / "workforce-emulator"
LISTENING_RE = re.compile(r"^workforce-emulator listening on http://([0-9.]+|\[[0-9a-fA-F:]+\]):(\d+)$")
ENV_PREFIX = "WORKFORCE_EMULATOR_"
DEFAULT_ACCOUNT = "000000000000"
SECRET_KEY = "emulator-test-secret-key"

# Every emulator started by this suite, for the failure report hook in conftest.py.
STARTED: list["Emulator"] = []


def binary_path() -> Path:
    return Path(os.environ.get("WORKFORCE_EMULATOR_BIN") or DEFAULT_BIN)


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The process environment without any WORKFORCE_EMULATOR_* or AWS_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(ENV_PREFIX) and not k.startswith("AWS_")}
    env.update(extra or {})
    return env


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.05, what: str = "condition"):
    """Polls `predicate` until it returns something truthy; returns that value or fails at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what} (last value: {last!r})")
        time.sleep(interval)


class EmulatorStartError(AssertionError):
    pass


class Emulator:
    """One workforce-emulator process. Start with `start()`, stop with `stop()` (SIGTERM) or `kill()`."""

    def __init__(self, workdir: Path, *, db: str | None = "auto", delay: float | None = 0,
                 args: list[str] | None = None, env: dict[str, str] | None = None,
                 port_flag: bool = True, name: str = "emulator"):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        if db == "auto":
            db = str(self.workdir / "emulator.sqlite3")
        self.db = db
        self.delay = delay
        self.extra_args = list(args or [])
        self.extra_env = dict(env or {})
        self.port_flag = port_flag
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.host: str | None = None
        self.port: int | None = None
        self.stdout_lines: list[str] = []
        self._stdout_q: queue.Queue = queue.Queue()
        self._reader: threading.Thread | None = None
        self.stderr_path: Path | None = None
        self._starts = 0

    # -- lifecycle ---------------------------------------------------------------------------
    def command(self) -> list[str]:
        cmd = [str(binary_path())]
        if self.port_flag:
            cmd += ["--port", "0"]
        if self.db is not None:
            cmd += ["--db", self.db]
        if self.delay is not None:
            cmd += ["--transition-delay", str(self.delay)]
        return cmd + self.extra_args

    def start(self, timeout: float = 15.0) -> "Emulator":
        path = binary_path()
        if not path.exists():
            raise EmulatorStartError(
                f"workforce-emulator binary not found at {path}: build it with `swift build -c release` "
                f"or set WORKFORCE_EMULATOR_BIN")
        self._starts += 1
        self.stderr_path = self.workdir / f"{self.name}-{self._starts}.stderr.log"
        self.stdout_lines = []
        self._stdout_q = queue.Queue()
        stderr_file = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=stderr_file, cwd=str(self.workdir), env=clean_env(self.extra_env))
        stderr_file.close()
        STARTED.append(self)
        self._reader = threading.Thread(target=self._read_stdout, args=(self.proc,), daemon=True)
        self._reader.start()
        try:
            line = self._stdout_q.get(timeout=timeout)
        except queue.Empty:
            line = None
        if line is None:
            code = self.proc.poll()
            if code is None:
                self.kill()
            raise EmulatorStartError(
                f"emulator did not print its listening line within {timeout}s (exit code {self.proc.returncode}); "
                f"command: {self.command()}\nstderr:\n{self.stderr_text()[-4000:]}")
        m = LISTENING_RE.match(line.rstrip("\n"))
        if not m:
            self.kill()
            raise EmulatorStartError(f"unexpected first stdout line {line!r}\nstderr:\n{self.stderr_text()[-4000:]}")
        self.host = m.group(1).strip("[]")
        self.port = int(m.group(2))
        self.wait_healthy(timeout)
        return self

    def _read_stdout(self, proc: subprocess.Popen):
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            self.stdout_lines.append(line)
            self._stdout_q.put(line)
        self._stdout_q.put(None)

    def wait_healthy(self, timeout: float = 15.0):
        def healthy():
            if self.proc is not None and self.proc.poll() is not None:
                raise EmulatorStartError(f"emulator exited with {self.proc.returncode} before it was healthy\n"
                                         f"stderr:\n{self.stderr_text()[-4000:]}")
            try:
                r = self.http("GET", "/_emulator/health", timeout=2)
                return r.status == 200
            except OSError:
                return False
        wait_until(healthy, timeout, what="GET /_emulator/health to answer 200")

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int:
        """Sends `sig` and waits for the exit; returns the exit code (kills after `timeout`)."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
                raise AssertionError(f"emulator did not exit within {timeout}s after signal {sig}")
        if self._reader is not None:
            self._reader.join(timeout=5)
        return self.proc.returncode

    def kill(self) -> int:
        """kill -9."""
        return self.stop(signal.SIGKILL)

    def restart(self) -> "Emulator":
        if self.running:
            self.stop()
        return self.start()

    def stderr_text(self) -> str:
        if self.stderr_path is None or not self.stderr_path.exists():
            return ""
        return self.stderr_path.read_text("utf-8", "replace")

    def all_stderr_text(self) -> str:
        """Stderr of every run of this emulator (all restarts)."""
        return "".join(p.read_text("utf-8", "replace") for p in sorted(self.workdir.glob(f"{self.name}-*.stderr.log")))

    # -- HTTP ----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host = self.host if ":" not in (self.host or "") else f"[{self.host}]"
        return f"http://{host}:{self.port}"

    def http(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
             timeout: float = 10.0) -> "RawResponse":
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read()
            return RawResponse(resp.status, resp.headers, data)
        finally:
            conn.close()

    def namespace(self, region: str = "us-east-1", account: str | None = None,
                  access_key: str | None = None) -> "Namespace":
        return Namespace(self, region=region, account=account, access_key=access_key)


@contextlib.contextmanager
def running_emulator(workdir: Path, **kwargs):
    """A started Emulator for a fixture's lifetime: the test fails if it cannot start, and it must exit 0
    on SIGTERM at the end (shared by the session emulator and the module-scoped hostile one)."""
    emu = Emulator(workdir, **kwargs)
    try:
        emu.start()
    except EmulatorStartError as err:
        pytest.fail(str(err), pytrace=False)
    yield emu
    if emu.running:
        code = emu.stop()
        assert code == 0, f"emulator {emu.name} exited {code} on SIGTERM"


@dataclass
class StartAttempt:
    returncode: int | None  # None: it started listening and was killed
    stdout: str
    stderr: str

    @property
    def started(self) -> bool:
        return "listening on" in self.stdout


def start_expecting_failure(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                            timeout: float = 15.0, prefix: list[str] | None = None,
                            stderr_dir: Path | None = None) -> StartAttempt:
    """Runs the binary with `args` (behind `prefix`, e.g. setpriv); returns once it exits, or kills it as
    soon as it prints its listening line (a start that should have failed) or after `timeout`."""
    err_path = Path(stderr_dir or cwd) / f"start-attempt-{secrets.token_hex(3)}.stderr"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen([*(prefix or []), str(binary_path()), *args], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=err, cwd=str(cwd), env=clean_env(env))
    lines: list[str] = []
    listening = threading.Event()

    def read():
        assert proc.stdout is not None
        for raw in proc.stdout:
            lines.append(raw.decode("utf-8", "replace"))
            if "listening on" in lines[-1]:
                listening.set()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while proc.poll() is None and not listening.is_set() and time.monotonic() < deadline:
        time.sleep(0.02)
    code = proc.poll()
    if code is None:
        proc.kill()
        proc.wait(timeout=10)
    reader.join(timeout=5)
    return StartAttempt(code, "".join(lines), err_path.read_text("utf-8", "replace"))


@dataclass
class RawResponse:
    status: int
    headers: Any  # http.client.HTTPMessage (case-insensitive get)
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def random_account() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(12))


def uniq(prefix: str = "wf") -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


_BOTOCORE_SESSION = botocore.session.get_session()
_BOTO3_SESSION = boto3.session.Session(botocore_session=_BOTOCORE_SESSION)
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)


def partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


class Namespace:
    """One isolated (account, region) on an emulator: a boto3 client, raw awsJson calls and the AWS CLI."""

    def __init__(self, emulator: Emulator, region: str = "us-east-1", account: str | None = None,
                 access_key: str | None = None):
        self.emulator = emulator
        self.region = region
        if access_key is None:
            account = account or random_account()
            access_key = account
        self.access_key = access_key
        self.account = account if account is not None else (access_key if re.fullmatch(r"\d{12}", access_key) else DEFAULT_ACCOUNT)
        self.partition = partition(region)
        self.client = _BOTO3_SESSION.client(
            "sagemaker", region_name=region, endpoint_url=emulator.url,
            aws_access_key_id=access_key, aws_secret_access_key=SECRET_KEY, config=NO_RETRY)

    # ARNs per spec §3
    def workforce_arn(self, name: str) -> str:
        return f"arn:{self.partition}:sagemaker:{self.region}:{self.account}:workforce/{name}"

    def workteam_arn(self, name: str) -> str:
        return f"arn:{self.partition}:sagemaker:{self.region}:{self.account}:workteam/private-crowd/{name}"

    # -- raw awsJson 1.1 -------------------------------------------------------------------------
    def raw(self, operation: str | None, body: Any = None, *, target: str | None = None,
            content_type: str | None = "application/x-amz-json-1.1", sign: bool = True,
            path: str = "/", extra_headers: dict[str, str] | None = None) -> RawResponse:
        """POSTs an awsJson 1.1 request. `body` may be a dict (JSON-encoded), str or bytes (sent as is).
        `target` overrides the X-Amz-Target header (pass "" for none); default `SageMaker.<operation>`."""
        data = encode_body(b"{}" if body is None else body)
        headers: dict[str, str] = {}
        if target is None and operation is not None:
            target = f"SageMaker.{operation}"
        if target:
            headers["X-Amz-Target"] = target
        if content_type is not None:
            headers["Content-Type"] = content_type
        headers.update(extra_headers or {})
        if sign:
            req = AWSRequest(method="POST", url=self.emulator.url + path, data=data, headers=dict(headers))
            SigV4Auth(Credentials(self.access_key, SECRET_KEY), "sagemaker", self.region).add_auth(req)
            headers = {k: v for k, v in req.headers.items()}
        return self.emulator.http("POST", path, body=data, headers=headers)

    # -- AWS CLI ---------------------------------------------------------------------------------
    def cli(self, *args: str, check: bool = True, timeout: float = 60) -> "CliResult":
        cmd = [sys.executable, "-m", "awscli", *args, "--endpoint-url", self.emulator.url,
               "--region", self.region, "--output", "json"]
        env = clean_env({
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_RETRY_MODE": "standard",
            "AWS_PAGER": "",
        })
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
        result = CliResult(p.returncode, p.stdout, p.stderr)
        if check and p.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} exited {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
        return result


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout) if self.stdout.strip() else {}


# -- request data -----------------------------------------------------------------------------
USER_POOL = "us-east-1_AbCdEf123"
CLIENT_ID = "5ample1client2id3"
COGNITO = {"UserPool": USER_POOL, "ClientId": CLIENT_ID}
VPC = {"VpcId": "vpc-0a1b2c3d", "SecurityGroupIds": ["sg-0a1b2c3d"], "Subnets": ["subnet-0a1b2c3d", "subnet-9f8e7d6c"]}
VPC2 = {"VpcId": "vpc-0ffff111", "SecurityGroupIds": ["sg-0ffff111", "sg-0ffff222"], "Subnets": ["subnet-0ffff111"]}


def oidc_config(secret: str | None = None, host: str = "idp.example.com", **extra) -> dict:
    cfg = {
        "ClientId": "oidc-client-1",
        "ClientSecret": secret or f"s3cr3t-{secrets.token_hex(8)}",
        "Issuer": f"https://{host}",
        "AuthorizationEndpoint": f"https://{host}/oauth2/authorize",
        "TokenEndpoint": f"https://{host}/oauth2/token",
        "UserInfoEndpoint": f"https://{host}/oauth2/userinfo",
        "LogoutEndpoint": f"https://{host}/oauth2/logout",
        "JwksUri": f"https://{host}/.well-known/jwks.json",
    }
    cfg.update(extra)
    return cfg


def without_secret(cfg: dict) -> dict:
    return {k: v for k, v in cfg.items() if k != "ClientSecret"}


def cognito_member(group: str = "labelers", user_pool: str = USER_POOL, client_id: str = CLIENT_ID) -> dict:
    return {"CognitoMemberDefinition": {"UserPool": user_pool, "UserGroup": group, "ClientId": client_id}}


def oidc_member(*groups: str) -> dict:
    return {"OidcMemberDefinition": {"Groups": list(groups or ["group-a"])}}


def cidrs(n: int, start: int = 0) -> list[str]:
    return [f"10.{start + i}.0.0/16" for i in range(n)]


# -- assertions -------------------------------------------------------------------------------
def error_of(excinfo) -> tuple[str, str]:
    """(code, message) of a botocore ClientError captured by pytest.raises."""
    err = excinfo.value
    assert isinstance(err, ClientError), f"expected ClientError, got {type(err).__name__}: {err}"
    return err.response["Error"]["Code"], err.response["Error"]["Message"]


def expect_error(call: Callable[[], Any], code: str, message: str | None = None, *,
                 contains: tuple[str, ...] | list[str] = (), status: int | None = None) -> str:
    """Runs `call`, asserts it raises ClientError with `code` (and exact `message` / substrings); returns the message."""
    try:
        result = call()
    except ClientError as err:
        got_code = err.response["Error"]["Code"]
        got_msg = err.response["Error"]["Message"]
        assert got_code == code, f"expected {code}, got {got_code}: {got_msg}"
        if message is not None:
            assert got_msg == message
        for part in contains:
            assert part in got_msg, f"{part!r} not in message {got_msg!r}"
        if status is not None:
            assert err.response["ResponseMetadata"]["HTTPStatusCode"] == status
        return got_msg
    raise AssertionError(f"expected {code}, but the call succeeded: {result!r}")


def assert_validation_message(msg: str, *parts: str, count: int | None = None):
    """Checks AWS's `N validation error(s) detected: ...` format and that each part appears."""
    m = re.match(r"^(\d+) validation errors? detected: ", msg)
    assert m, f"not in AWS validation format: {msg!r}"
    n = int(m.group(1))
    assert msg.startswith(f"{n} validation error{'s' if n != 1 else ''} detected: "), msg
    if count is not None:
        assert n == count, f"expected {count} violations, message says {n}: {msg!r}"
    for part in parts:
        assert part in msg, f"{part!r} not in {msg!r}"


def no_nulls(value: Any, path: str = "$"):
    """Asserts that no JSON member anywhere is null (absent optionals are omitted, spec §1)."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert v is not None, f"{path}.{k} is null"
            no_nulls(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            assert v is not None, f"{path}[{i}] is null"
            no_nulls(v, f"{path}[{i}]")


def encode_body(body: Any) -> bytes:
    """A request body: bytes and str are sent as they are (str as UTF-8), anything else JSON-encoded."""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body).encode("utf-8")


# -- raw sockets ------------------------------------------------------------------------------
def read_http_head(sock: socket.socket, buf: bytearray, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """Reads up to the end of one response head: (status, lower-cased headers, the bytes after the head)."""
    sock.settimeout(timeout)
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"connection closed before a full response head: {bytes(buf[:200])!r}")
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, rest


def read_http_response(sock: socket.socket, buf: bytearray, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """Reads one HTTP/1.1 response (Content-Length framed) from `sock`, using and updating `buf`."""
    status, headers, rest = read_http_head(sock, buf, timeout)
    length = int(headers.get("content-length", "0"))
    body = bytearray(rest)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed inside a response body")
        body += chunk
    del buf[:]
    buf += body[length:]
    return status, headers, bytes(body[:length])


def connection_closed(sock: socket.socket, timeout: float = 5.0) -> bool:
    """True when the peer closes (EOF or reset) within `timeout` with no further bytes."""
    sock.settimeout(timeout)
    try:
        data = sock.recv(65536)
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False
    return data == b""


# ================================================================================================
# Human review (issue 14): small helpers shared by the human-task-UI / flow-definition tests.
# Spec: /work/shared/spec/human-review-api.md. The rest of those helpers live in hr.py.
# ================================================================================================
PUBLIC_CROWD_ACCOUNT = "394669845002"  # the Amazon Mechanical Turk workforce's account (spec §2)
LENIENT = NO_RETRY.merge(Config(parameter_validation=False))


def lenient_client(ns: "Namespace"):
    """A boto3 client for `ns` without botocore's client-side parameter validation, so a test can send what
    only the server must refuse (a value below a model minimum, a missing required member)."""
    return _BOTO3_SESSION.client(
        "sagemaker", region_name=ns.region, endpoint_url=ns.emulator.url,
        aws_access_key_id=ns.access_key, aws_secret_access_key=SECRET_KEY, config=LENIENT)


def human_task_ui_arn(ns: "Namespace", name: str) -> str:
    return f"arn:{ns.partition}:sagemaker:{ns.region}:{ns.account}:human-task-ui/{name}"


def flow_definition_arn(ns: "Namespace", name: str) -> str:
    return f"arn:{ns.partition}:sagemaker:{ns.region}:{ns.account}:flow-definition/{name}"


def public_crowd_arn(ns: "Namespace", region: str | None = None) -> str:
    return f"arn:{ns.partition}:sagemaker:{region or ns.region}:{PUBLIC_CROWD_ACCOUNT}:workteam/public-crowd/default"
