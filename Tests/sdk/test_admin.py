"""Admin endpoints under /_emulator/ (issue 3): health, reset, state round trip, transitions, faults,
driven the way a test suite would use them next to boto3."""

from __future__ import annotations

import json

import boto3
import botocore.config
import pytest

import wfe
from wfe import COGNITO, cognito_member


def post(emu, path, body=None):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    return emu.http("POST", path, body=data or b"")


def seed_file(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({
        "workforces": [{"WorkforceName": "Seeded", "CognitoConfig": COGNITO,
                        "SourceIpConfig": {"Cidrs": ["10.0.0.0/16"]}, "AccountId": "111111111111"}],
        "workteams": [{"WorkteamName": "seeded-team", "Description": "d", "AccountId": "111111111111",
                       "MemberDefinitions": [cognito_member()]}],
    }))
    return path


def test_health_reports_version_and_counts(emulator_factory, tmp_path):
    emu = emulator_factory(args=["--fixtures", str(seed_file(tmp_path))])
    health = emu.http("GET", "/_emulator/health")
    assert health.status == 200
    body = health.json
    assert body["status"] == "ok"
    assert body["version"]
    assert (body["namespaces"], body["workforces"], body["workteams"]) == (1, 1, 1)
    assert isinstance(body["uptimeSeconds"], (int, float))


def test_reset_restores_the_fixture_baseline_for_one_namespace_or_all(emulator_factory, tmp_path):
    emu = emulator_factory(args=["--fixtures", str(seed_file(tmp_path))])
    seeded = emu.namespace("us-east-1", account="111111111111")
    other = emu.namespace("us-east-1")
    seeded.client.update_workforce(WorkforceName="Seeded", SourceIpConfig={"Cidrs": []})
    seeded.client.delete_workteam(WorkteamName="seeded-team")
    other.client.create_workforce(WorkforceName="Mine", CognitoConfig=COGNITO)

    assert post(emu, f"/_emulator/reset?account={other.account}").status == 200
    wfe.expect_error(lambda: other.client.describe_workforce(WorkforceName="Mine"), "ValidationException",
                     "No workforce found with name Mine.")
    assert seeded.client.describe_workforce(WorkforceName="Seeded")["Workforce"]["SourceIpConfig"] == {"Cidrs": []}

    reset = post(emu, "/_emulator/reset")
    assert reset.status == 200
    # the human-review counts are there too (test_human_review_state.py's decision), zero without such fixtures
    assert reset.json["loaded"] == {"workforces": 1, "workteams": 1, "humanTaskUis": 0, "flowDefinitions": 0}
    wf = seeded.client.describe_workforce(WorkforceName="Seeded")["Workforce"]
    assert wf["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/16"]} and wf["Status"] == "Active"
    assert seeded.client.describe_workteam(WorkteamName="seeded-team")["Workteam"]["Description"] == "d"


def test_state_export_loads_back_with_fixtures_and_hides_secrets(emulator_factory, tmp_path):
    emu = emulator_factory(delay=0)
    a = emu.namespace("eu-west-1")
    secret = "state-export-secret-9f1c"
    oidc = wfe.oidc_config(secret, Scope="openid email")
    a.client.create_workforce(WorkforceName="Exported", OidcConfig=oidc,
                              SourceIpConfig={"Cidrs": ["192.0.2.0/24", "2001:db8::/32"]}, IpAddressType="dualstack")
    a.client.create_workteam(WorkteamName="t1", Description="team", MemberDefinitions=[wfe.oidc_member("g1", "g2")],
                             Tags=[{"Key": "k", "Value": "v"}])
    b = emu.namespace("cn-north-1")
    b.client.create_workforce(WorkforceName="Deleted", CognitoConfig=COGNITO)
    b.client.delete_workforce(WorkforceName="Deleted")  # delay 0: gone, so not exported

    state = emu.http("GET", "/_emulator/state")
    assert state.status == 200
    assert secret not in state.text
    exported = state.json
    assert [w["WorkforceName"] for w in exported["workforces"]] == ["Exported"]
    assert exported["workforces"][0]["OidcConfig"]["ClientSecret"] == "REDACTED"
    assert exported["workteams"][0]["Tags"] == [{"Key": "k", "Value": "v"}]

    fixture = tmp_path / "state.json"
    fixture.write_text(state.text)
    again = emulator_factory(name="reloaded", args=["--fixtures", str(fixture)])
    assert again.http("GET", "/_emulator/state").json == exported
    a2 = again.namespace("eu-west-1", account=a.account)
    wf = a2.client.describe_workforce(WorkforceName="Exported")["Workforce"]
    assert wf["SourceIpConfig"]["Cidrs"] == ["192.0.2.0/24", "2001:db8::/32"]
    assert wf["OidcConfig"]["Scope"] == "openid email"


def test_complete_transitions_means_no_sleeping(emulator_factory):
    emu = emulator_factory(delay=3600)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Slow", CognitoConfig=COGNITO)
    assert ns.client.describe_workforce(WorkforceName="Slow")["Workforce"]["Status"] == "Initializing"
    done = post(emu, "/_emulator/transitions/complete")
    assert done.status == 200 and done.json["completed"] >= 1
    assert ns.client.describe_workforce(WorkforceName="Slow")["Workforce"]["Status"] == "Active"


def test_throttling_fault_is_retried_by_boto3_and_then_succeeds(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Flaky", CognitoConfig=COGNITO)
    armed = post(emu, "/_emulator/faults", {
        "operation": "UpdateWorkforce", "count": 2, "account": ns.account,
        "error": {"code": "ThrottlingException", "status": 400, "message": "Rate exceeded"}})
    assert armed.status == 200
    retrying = boto3.session.Session().client(
        "sagemaker", region_name="us-east-1", endpoint_url=emu.url, aws_access_key_id=ns.access_key,
        aws_secret_access_key="x", config=botocore.config.Config(retries={"mode": "standard", "max_attempts": 3}))
    response = retrying.update_workforce(WorkforceName="Flaky", SourceIpConfig={"Cidrs": ["10.1.0.0/16"]})
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert response["Workforce"]["SourceIpConfig"] == {"Cidrs": ["10.1.0.0/16"]}
    assert emu.http("GET", "/_emulator/faults").json["operationFaults"] == []


def test_fault_answers_without_changing_anything_and_can_be_cleared(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Guarded", CognitoConfig=COGNITO)
    post(emu, "/_emulator/faults", {"operation": "UpdateWorkforce", "count": 5,
                                    "error": {"code": "ServiceUnavailable", "status": 503, "message": "try later"}})
    raw = ns.raw("UpdateWorkforce", {"WorkforceName": "Guarded", "SourceIpConfig": {"Cidrs": ["10.0.0.0/8"]}})
    assert raw.status == 503
    assert raw.header("X-Amzn-ErrorType") == "ServiceUnavailable"
    assert raw.json["__type"] == "ServiceUnavailable" and raw.json["Message"] == "try later"
    assert ns.client.describe_workforce(WorkforceName="Guarded")["Workforce"]["SourceIpConfig"] == {"Cidrs": []}
    listing = emu.http("GET", "/_emulator/faults").json["operationFaults"]
    assert listing[0]["remaining"] == 4
    assert emu.http("DELETE", "/_emulator/faults").json == {"cleared": 1}
    ns.client.update_workforce(WorkforceName="Guarded", SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})


def test_fail_transition_then_recover(emulator_factory):
    emu = emulator_factory(delay=0.3)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Doomed", CognitoConfig=COGNITO)
    wfe.wait_until(lambda: ns.client.describe_workforce(WorkforceName="Doomed")["Workforce"]["Status"] == "Active",
                   timeout=5, what="Active")
    armed = post(emu, "/_emulator/faults", {"failTransition": {"workforceName": "Doomed", "reason": "VPC endpoint creation failed"},
                                            "account": ns.account})
    assert armed.json["armed"] == "nextTransition"
    ns.client.update_workforce(WorkforceName="Doomed", WorkforceVpcConfig=wfe.VPC)

    def failed():
        return ns.client.describe_workforce(WorkforceName="Doomed")["Workforce"].get("Status") == "Failed"
    wfe.wait_until(failed, timeout=5, what="Failed")
    wf = ns.client.describe_workforce(WorkforceName="Doomed")["Workforce"]
    assert wf["FailureReason"] == "VPC endpoint creation failed"

    emu.stop()
    emu.start()
    ns = emu.namespace(account=ns.account)
    assert ns.client.describe_workforce(WorkforceName="Doomed")["Workforce"]["Status"] == "Failed"  # persisted
    ns.client.update_workforce(WorkforceName="Doomed")
    wfe.wait_until(lambda: ns.client.describe_workforce(WorkforceName="Doomed")["Workforce"]["Status"] == "Active",
                   timeout=5, what="Active again")
    assert "FailureReason" not in ns.client.describe_workforce(WorkforceName="Doomed")["Workforce"]


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/_emulator/nope", 404), ("GET", "/_emulator/reset", 405), ("PUT", "/_emulator/faults", 405),
])
def test_unknown_admin_paths_and_methods(server, method, path, status):
    response = server.http(method, path)
    assert response.status == status
    assert "error" in response.json


def test_malformed_fault_body_says_why(server):
    response = post(server, "/_emulator/faults", b'{"operation": "UpdateWorkforce", "error": {"code": "X", "status": 99}}')
    assert response.status == 400
    assert "error.status" in response.json["error"]
