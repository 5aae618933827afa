"""Request logs on stderr: one key=value line per request; secrets never logged (STYLE.md "Logs", spec §4)."""

from __future__ import annotations

import re

import pytest

import wfe
from wfe import COGNITO

KV_RE = re.compile(r'([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S+)')


def kv(line: str) -> dict[str, str]:
    return {k: v.strip('"') for k, v in KV_RE.findall(line)}


def lines_with(emu, needle: str, timeout: float = 5.0) -> list[str]:
    def found():
        hits = [ln for ln in emu.stderr_text().splitlines() if needle in ln]
        return hits or None
    return wfe.wait_until(found, timeout, what=f"a stderr line containing {needle!r}")


def assert_request_line(line: str, *, operation: str, account: str, region: str, status: int, request_id: str,
                        error: str | None = None):
    fields = kv(line)
    assert fields, f"not a key=value line: {line!r}"
    values = set(fields.values())
    assert operation in values or any(operation in v for v in values), line
    assert account in line, line
    assert region in line, line
    assert str(status) in values, line
    assert any(request_id in v for v in values), line
    if error:
        assert error in values, line
    ms_keys = [k for k in fields if re.search(r"ms|millis|duration|elapsed|latency", k, re.I)]
    assert ms_keys and all(re.fullmatch(r"\d+(\.\d+)?(ms)?", fields[k]) for k in ms_keys), \
        f"no numeric milliseconds field in {line!r}"


@pytest.fixture
def info_emu(emulator_factory):
    return emulator_factory(delay=0, db=":memory:", args=["--log-level", "info"])


def test_one_line_per_request_with_its_fields(info_emu):
    ns = info_emu.namespace("eu-west-1")
    resp = ns.client.create_workforce(WorkforceName="Logged", CognitoConfig=COGNITO)
    rid = resp["ResponseMetadata"]["RequestId"]
    hits = lines_with(info_emu, rid)
    assert len(hits) == 1, hits
    assert_request_line(hits[0], operation="CreateWorkforce", account=ns.account, region="eu-west-1", status=200,
                        request_id=rid)


def test_error_requests_log_the_error_code(info_emu):
    ns = info_emu.namespace("us-east-2")
    r = ns.raw("DescribeWorkforce", {"WorkforceName": "Nope"})
    assert r.status == 400
    rid = r.header("x-amzn-RequestId")
    assert rid, "error responses carry x-amzn-RequestId too"
    hits = lines_with(info_emu, rid)
    assert len(hits) == 1, hits
    assert_request_line(hits[0], operation="DescribeWorkforce", account=ns.account, region="us-east-2", status=400,
                        request_id=rid, error="ValidationException")


def test_each_request_gets_its_own_line(info_emu):
    ns = info_emu.namespace()
    ids = []
    for op in ("ListWorkforces", "ListWorkteams", "ListWorkforces"):
        ids.append(getattr(ns.client, "list_workforces" if op == "ListWorkforces" else "list_workteams")()
                   ["ResponseMetadata"]["RequestId"])
    assert len(set(ids)) == 3
    for rid in ids:
        assert len(lines_with(info_emu, rid)) == 1


def test_client_secret_never_logged_even_at_debug(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:", args=["--log-level", "debug"])
    ns = emu.namespace()
    s1, s2, s3 = "LogSecretCreate-9f8e7d", "LogSecretUpdate-1a2b3c", "LogSecretRejected-4d5e6f"
    ns.client.create_workforce(WorkforceName="Secretive", OidcConfig=wfe.oidc_config(s1))
    ns.client.update_workforce(WorkforceName="Secretive", OidcConfig=wfe.oidc_config(s2))
    # rejected: shape error, and conflict with a team
    wfe.expect_error(lambda: ns.client.update_workforce(WorkforceName="Secretive", OidcConfig=wfe.oidc_config(s3),
                                                        SourceIpConfig={"Cidrs": wfe.cidrs(11)}), "ValidationException")
    ns.client.create_workteam(WorkteamName="t", MemberDefinitions=[wfe.oidc_member("g")], Description="d")
    wfe.expect_error(lambda: ns.client.update_workforce(WorkforceName="Secretive", OidcConfig=wfe.oidc_config(s3)),
                     "ConflictException")
    # broken JSON carrying a secret
    r = ns.raw("UpdateWorkforce", b'{"WorkforceName": "Secretive", "OidcConfig": {"ClientSecret": "' + s3.encode())
    assert r.status == 400
    rid = ns.client.list_workforces()["ResponseMetadata"]["RequestId"]
    lines_with(emu, rid)  # the log has caught up
    assert emu.stop() == 0
    text = emu.stderr_text()
    assert text.strip(), "debug level must log something"
    for secret in (s1, s2, s3):
        assert secret not in text, f"{secret} appears in stderr"
