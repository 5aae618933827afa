"""The request journal at /_emulator/requests (issue 13): what the code under test sent, as a test
asserts it, through boto3 and raw awsJson against the real binary."""

from __future__ import annotations

import json
import time

import boto3
import botocore.config
import pytest

import wfe
from wfe import COGNITO, cognito_member

REDACTED = "*** Sensitive Data Redacted ***"


def journal(emu, query: str = "") -> dict:
    r = emu.http("GET", "/_emulator/requests" + (f"?{query}" if query else ""))
    assert r.status == 200, r.text
    assert r.header("Content-Type") == "application/json"
    return r.json


def entries(emu, query: str = "") -> list[dict]:
    return journal(emu, query)["requests"]


def post(emu, path, body=None, headers=None):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else (body or b"")
    return emu.http("POST", path, body=data, headers=headers)


@pytest.fixture
def emu(emulator_factory):
    return emulator_factory(delay=0)


def test_every_field_of_a_call_as_boto3_sent_it(emu):
    ns = emu.namespace("eu-west-1")
    before = time.time()
    created = ns.client.create_workforce(WorkforceName="Journaled", CognitoConfig=COGNITO,
                                         SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    ns.client.describe_workforce(WorkforceName="Journaled")
    after = time.time()
    body = journal(emu)
    first, second = body["requests"]
    assert body["nextSequence"] == second["sequence"]
    assert first["sequence"] < second["sequence"]
    assert first["kind"] == "api"
    assert before - 1 <= first["time"] <= after + 1
    assert (first["account"], first["region"]) == (ns.account, "eu-west-1")
    assert first["operation"] == "CreateWorkforce" and first["target"] == "SageMaker.CreateWorkforce"
    assert first["status"] == 200
    assert "errorCode" not in first
    assert first["requestId"] == created["ResponseMetadata"]["RequestId"]
    assert isinstance(first["durationMs"], (int, float)) and 0 <= first["durationMs"] < 10_000
    assert first["request"] == {"WorkforceName": "Journaled", "CognitoConfig": COGNITO,
                                "SourceIpConfig": {"Cidrs": ["10.0.0.0/16"]}}
    assert first["response"] == {"WorkforceArn": created["WorkforceArn"]}
    assert second["operation"] == "DescribeWorkforce"
    assert second["response"]["Workforce"]["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/16"]}


def test_what_the_code_under_test_sent_after_a_throttling_fault(emu):
    """The README's example: the code retried UpdateWorkforce after two throttles, always with the same CIDRs."""
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Flaky", CognitoConfig=COGNITO)
    start = journal(emu, "limit=0")["nextSequence"]
    post(emu, "/_emulator/faults", {"operation": "UpdateWorkforce", "count": 2,
                                    "error": {"code": "ThrottlingException", "status": 400, "message": "Rate exceeded"}})
    retrying = boto3.session.Session().client(
        "sagemaker", region_name="us-east-1", endpoint_url=emu.url, aws_access_key_id=ns.access_key,
        aws_secret_access_key="x", config=botocore.config.Config(retries={"mode": "standard", "max_attempts": 3}))
    retrying.update_workforce(WorkforceName="Flaky", SourceIpConfig={"Cidrs": ["192.0.2.0/24"]})

    calls = entries(emu, f"operation=UpdateWorkforce&after={start}")
    assert [c["status"] for c in calls] == [400, 400, 200]
    assert [c.get("errorCode") for c in calls] == ["ThrottlingException", "ThrottlingException", None]
    assert all(c["request"]["SourceIpConfig"] == {"Cidrs": ["192.0.2.0/24"]} for c in calls)
    assert calls[-1]["response"]["Workforce"]["SourceIpConfig"] == {"Cidrs": ["192.0.2.0/24"]}


def test_filters_combine(emu):
    a = emu.namespace("us-east-1")
    b = emu.namespace("eu-west-1")
    a.client.create_workforce(WorkforceName="A", CognitoConfig=COGNITO)
    b.client.create_workforce(WorkforceName="B", CognitoConfig=COGNITO)
    wfe.expect_error(lambda: a.client.describe_workforce(WorkforceName="Nope"), "ValidationException")
    a.client.describe_workforce(WorkforceName="A")
    b.client.list_workforces()
    all_ = entries(emu)
    seqs = [e["sequence"] for e in all_]
    assert seqs == sorted(seqs) and len(seqs) == 5

    def ops(query):
        return [e["operation"] for e in entries(emu, query)]
    assert ops("operation=DescribeWorkforce") == ["DescribeWorkforce", "DescribeWorkforce"]
    assert ops(f"account={a.account}") == ["CreateWorkforce", "DescribeWorkforce", "DescribeWorkforce"]
    assert ops("region=eu-west-1") == ["CreateWorkforce", "ListWorkforces"]
    assert ops(f"region=eu-west-1&account={b.account}&operation=ListWorkforces") == ["ListWorkforces"]
    assert ops("status=400") == ["DescribeWorkforce"]
    assert ops("errorCode=ValidationException") == ["DescribeWorkforce"]
    assert ops("status=200&operation=DescribeWorkforce") == ["DescribeWorkforce"]
    assert ops("operation=CreateWorkforce&operation=ListWorkforces") == ["CreateWorkforce", "CreateWorkforce", "ListWorkforces"]
    assert ops(f"after={seqs[2]}") == ["DescribeWorkforce", "ListWorkforces"]
    assert ops("kind=api&limit=2") == ["CreateWorkforce", "CreateWorkforce"]
    page = journal(emu, "limit=2")
    assert page["nextSequence"] == seqs[1]
    assert [e["sequence"] for e in entries(emu, f"limit=2&after={page['nextSequence']}")] == seqs[2:4]
    for bad in ["status=abc", "account=12", "region=Not_A_Region", "after=x", "limit=-1", "kind=admin", "colour=blue"]:
        r = emu.http("GET", f"/_emulator/requests?{bad}")
        assert r.status == 400 and "error" in r.json, bad


def test_refused_faulted_and_unknown_calls_are_recorded(emu):
    ns = emu.namespace()
    ns.raw("CreateWorkforce", b'{"WorkforceName": ')                       # not JSON
    ns.raw("CreateWorkforce", {"WorkforceName": "bad name!", "CognitoConfig": COGNITO})  # validation
    ns.raw(None, {"a": 1}, target="SageMaker.FlyToTheMoon")                 # unknown operation
    ns.raw(None, {}, target="SageMaker.CreateModel")                       # real, not emulated
    ns.raw(None, {}, target="")                                            # no target
    emu.http("GET", "/")                                                   # not a POST
    post(emu, "/_emulator/faults", {"operation": "ListWorkforces", "error": {"code": "ServiceUnavailable", "status": 503}})
    ns.raw("ListWorkforces", {"MaxResults": 5})                            # faulted
    got = entries(emu)
    summary = [(e["operation"], e["status"], e.get("errorCode")) for e in got]
    assert summary == [
        ("CreateWorkforce", 400, "SerializationException"),
        ("CreateWorkforce", 400, "ValidationException"),
        ("FlyToTheMoon", 400, "UnknownOperationException"),
        ("CreateModel", 501, "NotImplemented"),
        ("-", 400, "UnknownOperationException"),
        ("GET", 405, "MethodNotAllowed"),
        ("ListWorkforces", 503, "ServiceUnavailable"),
    ]
    unparseable = got[0]
    assert unparseable["request"] is None and "not valid JSON" in unparseable["requestNote"]
    assert unparseable["response"]["__type"] == "SerializationException"
    assert got[1]["request"]["WorkforceName"] == "bad name!"
    assert got[2]["request"] == {"a": 1} and got[2]["target"] == "SageMaker.FlyToTheMoon"
    assert "target" not in got[4]
    assert got[6]["request"] == {"MaxResults": 5}  # a faulted call still shows what was sent
    assert all(e["requestId"] for e in got)


def test_admin_calls_are_not_recorded(emu):
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Only", CognitoConfig=COGNITO)
    sub = ns.client.describe_workforce(WorkforceName="Only")["Workforce"]["SubDomain"]
    emu.http("GET", "/_emulator/health")
    emu.http("GET", "/_emulator/state")
    emu.http("GET", "/_emulator/faults")
    post(emu, "/_emulator/transitions/complete")
    emu.http("GET", f"/_emulator/portal/{sub}/access?ip=10.0.0.1")
    emu.http("GET", "/_emulator/")
    emu.http("GET", "/_emulator/nothing-here")
    journal(emu)
    assert [e["operation"] for e in entries(emu)] == ["CreateWorkforce", "DescribeWorkforce"]


def test_portal_decisions_are_recorded(emu):
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Portal", CognitoConfig=COGNITO, SourceIpConfig={"Cidrs": ["203.0.113.0/24"]})
    sub = ns.client.describe_workforce(WorkforceName="Portal")["Workforce"]["SubDomain"]
    emu.http("GET", "/", headers={"Host": sub, "X-Forwarded-For": "203.0.113.9"})
    emu.http("HEAD", f"/_emulator/portal/{sub}/tasks", headers={"X-Forwarded-For": "198.51.100.1"})
    unknown = "qqqqqqqqqq.labeling.us-east-1.sagemaker.aws"
    emu.http("GET", "/", headers={"Host": unknown, "X-Forwarded-For": "203.0.113.9"})
    visits = entries(emu, "kind=portal")
    assert [(v["method"], v["address"], v["decision"], v["status"]) for v in visits] == [
        ("GET", "203.0.113.9", "allowed", 200), ("HEAD", "198.51.100.1", "denied", 404),
        ("GET", "203.0.113.9", "unknownSubDomain", 404)]
    assert visits[0]["matchedCidr"] == "203.0.113.0/24" and visits[0]["subDomain"] == sub
    assert (visits[0]["account"], visits[0]["region"]) == (ns.account, "us-east-1")
    assert "account" not in visits[2] and visits[2]["subDomain"] == unknown
    assert all("operation" not in v and v["kind"] == "portal" for v in visits)
    # in time order with the API calls around them
    assert [e["kind"] for e in entries(emu)] == ["api", "api", "portal", "portal", "portal"]


def test_delete_and_reset_empty_it(emu):
    a = emu.namespace()
    b = emu.namespace()
    a.client.list_workforces()
    b.client.list_workforces()
    b.client.list_workteams()
    last = journal(emu)["nextSequence"]
    assert post(emu, f"/_emulator/reset?account={b.account}").status == 200
    assert [e["account"] for e in entries(emu)] == [a.account]
    assert post(emu, "/_emulator/reset").status == 200
    assert entries(emu) == []
    a.client.list_workforces()
    r = emu.http("DELETE", "/_emulator/requests")
    assert r.status == 200 and r.json == {"cleared": 1}
    assert entries(emu) == []
    a.client.list_workforces()
    assert entries(emu)[0]["sequence"] > last + 1  # numbering goes on: a remembered `after` stays valid
    assert emu.http("PUT", "/_emulator/requests").status == 405


def test_journal_size_bounds_it_and_zero_turns_it_off(emulator_factory):
    small = emulator_factory(delay=0, args=["--journal-size", "3"], name="small")
    ns = small.namespace()
    for i in range(7):
        ns.raw("DescribeWorkforce", {"WorkforceName": f"wf{i}"})
    kept = entries(small)
    assert [e["request"]["WorkforceName"] for e in kept] == ["wf4", "wf5", "wf6"]
    assert [e["sequence"] for e in kept] == [5, 6, 7]

    off = emulator_factory(delay=0, env={"WORKFORCE_EMULATOR_JOURNAL_SIZE": "0"}, name="off")
    off.namespace().client.list_workforces()
    body = journal(off)
    assert body["requests"] == [] and body["nextSequence"] == 0 and "off" in body["note"]

    refused = wfe.start_expecting_failure(["--port", "0", "--db", ":memory:", "--journal-size", "lots"], cwd=small.workdir)
    assert refused.returncode == 2 and "--journal-size" in refused.stdout + refused.stderr


def test_client_secrets_are_redacted_and_never_in_clear(emu):
    ns = emu.namespace()
    secret = "journal-secret-7f3a9c"
    ns.client.create_workforce(WorkforceName="Secretive", OidcConfig=wfe.oidc_config(secret))
    second = "journal-secret-second-11aa"
    ns.client.update_workforce(WorkforceName="Secretive", OidcConfig=wfe.oidc_config(second))
    escaped = "journal-secret-escaped-22bb"
    # the same member spelled with a JSON escape, a refused call, and an unparseable one
    cfg = json.dumps(wfe.oidc_config(escaped)).replace('"ClientSecret"', '"Client\\u0053ecret"')
    ns.raw("UpdateWorkforce", '{"WorkforceName": "Secretive", "OidcConfig": ' + cfg + "}")
    ns.raw("UpdateWorkforce", {"WorkforceName": "Missing", "OidcConfig": wfe.oidc_config(escaped)})
    ns.raw("UpdateWorkforce", '{"OidcConfig": {"ClientSecret": "' + escaped + '"')
    text = emu.http("GET", "/_emulator/requests").text
    for s in (secret, second, escaped):
        assert s not in text
        assert s not in emu.stderr_text()
        assert s not in emu.http("GET", "/_emulator/").text
    got = entries(emu)
    assert [e["request"]["OidcConfig"]["ClientSecret"] for e in got[:4]] == [REDACTED] * 4
    assert got[0]["request"]["OidcConfig"]["ClientId"] == "oidc-client-1"
    assert got[4]["request"] is None
