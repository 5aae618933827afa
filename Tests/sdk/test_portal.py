"""The worker portal's IP allow-list (issue 6): boto3 sets SourceIpConfig, workers meet it on the portal."""

from __future__ import annotations

import http.client

import pytest

import wfe
from wfe import COGNITO, cognito_member


def portal_get(emu, sub_domain, source="127.0.0.1", path="/", headers=None, method="GET"):
    """A worker at loopback address `source` opens the portal by its SubDomain, as a browser would."""
    conn = http.client.HTTPConnection(emu.host, emu.port, timeout=10, source_address=(source, 0))
    try:
        conn.request(method, path, headers={"Host": sub_domain, **(headers or {})})
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture
def portal(ns):
    ns.client.create_workforce(WorkforceName="Portal", CognitoConfig=COGNITO,
                               SourceIpConfig={"Cidrs": ["127.0.0.0/24"]})
    ns.client.create_workteam(WorkteamName="annotators", Description="d", MemberDefinitions=[cognito_member()])
    return ns.client.describe_workforce(WorkforceName="Portal")["Workforce"]["SubDomain"]


def test_workers_inside_the_allow_list_get_the_portal(ns, portal):
    status, body = portal_get(ns.emulator, portal, source="127.0.0.5")
    assert status == 200
    assert "Portal" in body and "annotators" in body


def test_workers_outside_get_not_found_revealing_nothing(ns, portal):
    status, body = portal_get(ns.emulator, portal, source="127.0.1.5")
    assert status == 404
    assert "Not Found" in body and "Portal" not in body and "annotators" not in body
    unknown_status, unknown_body = portal_get(ns.emulator, "qqqqqqqqqq.labeling.us-east-1.sagemaker.aws", source="127.0.0.5")
    assert (unknown_status, unknown_body) == (status, body)


def test_an_update_that_narrows_the_list_locks_a_worker_out(ns, portal):
    assert portal_get(ns.emulator, portal, source="127.0.0.200")[0] == 200
    ns.client.update_workforce(WorkforceName="Portal", SourceIpConfig={"Cidrs": ["127.0.0.0/25"]})
    assert portal_get(ns.emulator, portal, source="127.0.0.200")[0] == 404
    assert portal_get(ns.emulator, portal, source="127.0.0.100")[0] == 200
    ns.client.update_workforce(WorkforceName="Portal", SourceIpConfig={"Cidrs": []})
    assert portal_get(ns.emulator, portal, source="127.0.9.9")[0] == 200


def test_x_forwarded_for_and_ipv6_cidrs(ns):
    ns.client.create_workforce(WorkforceName="Six", CognitoConfig=COGNITO, IpAddressType="dualstack",
                               SourceIpConfig={"Cidrs": ["2001:db8::/32", "198.51.100.0/24"]})
    sub = ns.client.describe_workforce(WorkforceName="Six")["Workforce"]["SubDomain"]
    emu = ns.emulator
    assert portal_get(emu, sub, headers={"X-Forwarded-For": "2001:db8:1::7"})[0] == 200
    assert portal_get(emu, sub, headers={"X-Forwarded-For": "198.51.100.20, 127.0.0.1"})[0] == 200
    assert portal_get(emu, sub, headers={"X-Forwarded-For": "2001:db9::7"})[0] == 404
    assert portal_get(emu, sub)[0] == 404  # 127.0.0.1 itself is outside both
    # the path form, for clients that cannot set Host
    path = emu.http("GET", f"/_emulator/portal/{sub}/", headers={"X-Forwarded-For": "198.51.100.1"})
    assert path.status == 200 and "Six" in path.text


def test_explain_endpoint(ns, portal):
    allowed = ns.emulator.http("GET", f"/_emulator/portal/{portal}/access?ip=127.0.0.9").json
    assert allowed == {"allowed": True, "matchedCidr": "127.0.0.0/24", "workforceArn": ns.workforce_arn("Portal"),
                       "ip": "127.0.0.9", "cidrs": ["127.0.0.0/24"]}
    denied = ns.emulator.http("GET", f"/_emulator/portal/{portal}/access?ip=::ffff:10.0.0.1").json
    assert denied["allowed"] is False and denied["matchedCidr"] is None


def test_deleted_workforce_has_no_portal(ns):
    ns.client.create_workforce(WorkforceName="Gone", CognitoConfig=COGNITO)
    sub = ns.client.describe_workforce(WorkforceName="Gone")["Workforce"]["SubDomain"]
    assert portal_get(ns.emulator, sub)[0] == 200
    ns.client.delete_workforce(WorkforceName="Gone")
    assert portal_get(ns.emulator, sub)[0] == 404
