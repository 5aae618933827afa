"""Simulated status lifecycle with a non-zero transition delay (spec §5, §7 VpcEndpointId)."""

from __future__ import annotations

import re
import time

import pytest

import wfe
from wfe import COGNITO, VPC, VPC2, expect_error, cognito_member

DELAY = 1.0
VPCE_RE = re.compile(r"^vpce-[0-9a-f]{17}$")


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    emu = wfe.Emulator(tmp_path_factory.mktemp("lifecycle"), delay=DELAY, name="lifecycle")
    try:
        emu.start()
    except wfe.EmulatorStartError as err:
        pytest.fail(str(err), pytrace=False)
    yield emu
    if emu.running:
        assert emu.stop() == 0


@pytest.fixture
def sns(slow_server):
    return slow_server.namespace()


def describe(ns, name):
    return ns.client.describe_workforce(WorkforceName=name)["Workforce"]


def wait_status(ns, name, status, started: float, timeout: float = DELAY + 4.0):
    """Polls Describe until `status`; returns (workforce, seconds since `started`)."""
    wf = wfe.wait_until(lambda: (lambda w: w if w["Status"] == status else None)(describe(ns, name)),
                        timeout, interval=0.05, what=f"{name} to become {status}")
    return wf, time.monotonic() - started


def wait_gone(ns, name, timeout: float = DELAY + 4.0):
    def gone():
        try:
            describe(ns, name)
            return False
        except wfe.ClientError as err:
            assert err.response["Error"]["Code"] == "ValidationException"
            assert err.response["Error"]["Message"] == f"No workforce found with name {name}."
            return True
    wfe.wait_until(gone, timeout, what=f"{name} to be gone")


def test_create_initializing_then_active_after_the_delay(sns):
    t0 = time.monotonic()
    sns.client.create_workforce(WorkforceName="Life", CognitoConfig=COGNITO)
    wf = describe(sns, "Life")
    if time.monotonic() - t0 < DELAY * 0.8:
        assert wf["Status"] == "Initializing"
    wf, elapsed = wait_status(sns, "Life", "Active", t0)
    assert elapsed >= DELAY * 0.8, f"became Active after {elapsed:.2f}s, before the {DELAY}s delay"
    assert wf["LastUpdatedDate"] >= wf["CreateDate"]


def test_update_while_initializing_is_conflict(sns):
    t0 = time.monotonic()
    sns.client.create_workforce(WorkforceName="Init-Conflict", CognitoConfig=COGNITO)
    before = describe(sns, "Init-Conflict")
    msg = expect_error(lambda: sns.client.update_workforce(WorkforceName="Init-Conflict",
                                                           SourceIpConfig={"Cidrs": ["10.0.0.0/8"]}),
                       "ConflictException")
    assert time.monotonic() - t0 < DELAY, "too slow to observe Initializing"
    assert "Init-Conflict" in msg, msg
    with pytest.raises(sns.client.exceptions.ConflictException):
        sns.client.update_workforce(WorkforceName="Init-Conflict")
    assert describe(sns, "Init-Conflict") == before
    wait_status(sns, "Init-Conflict", "Active", t0)
    assert sns.client.update_workforce(WorkforceName="Init-Conflict",
                                       SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})["Workforce"]["Status"] == "Updating"


def test_update_goes_updating_then_active_and_conflicts_meanwhile(sns):
    t0 = time.monotonic()
    sns.client.create_workforce(WorkforceName="Upd", CognitoConfig=COGNITO)
    wait_status(sns, "Upd", "Active", t0)

    t1 = time.monotonic()
    wf = sns.client.update_workforce(WorkforceName="Upd", SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})["Workforce"]
    assert wf["Status"] == "Updating"
    assert wf["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/8"]}
    assert describe(sns, "Upd")["Status"] == "Updating"
    msg = expect_error(lambda: sns.client.update_workforce(WorkforceName="Upd", IpAddressType="dualstack"),
                       "ConflictException")
    assert "Upd" in msg
    assert time.monotonic() - t1 < DELAY, "too slow to observe Updating"
    wf, elapsed = wait_status(sns, "Upd", "Active", t1)
    assert elapsed >= DELAY * 0.8
    assert "IpAddressType" not in wf
    assert wf["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/8"]}
    # a name-only update also goes through Updating
    assert sns.client.update_workforce(WorkforceName="Upd")["Workforce"]["Status"] == "Updating"


def test_workteams_exist_at_once_even_while_initializing(sns):
    sns.client.create_workforce(WorkforceName="Teams-Now", CognitoConfig=COGNITO)
    sns.client.create_workteam(WorkteamName="now", MemberDefinitions=[cognito_member()], Description="d")
    team = sns.client.describe_workteam(WorkteamName="now")["Workteam"]
    assert "Status" not in team
    assert team["WorkforceArn"] == sns.workforce_arn("Teams-Now")


def test_vpc_endpoint_absent_while_initializing_present_when_active(sns):
    t0 = time.monotonic()
    sns.client.create_workforce(WorkforceName="Vpc-Life", CognitoConfig=COGNITO, WorkforceVpcConfig=VPC)
    wf = describe(sns, "Vpc-Life")
    assert wf["Status"] == "Initializing"
    assert "VpcEndpointId" not in wf["WorkforceVpcConfig"]
    assert wf["WorkforceVpcConfig"]["VpcId"] == VPC["VpcId"]
    wf, _ = wait_status(sns, "Vpc-Life", "Active", t0)
    first = wf["WorkforceVpcConfig"]["VpcEndpointId"]
    assert VPCE_RE.match(first)

    # same VpcId, other subnets: the endpoint stays visible while Updating
    t1 = time.monotonic()
    wf = sns.client.update_workforce(WorkforceName="Vpc-Life",
                                     WorkforceVpcConfig=dict(VPC, Subnets=["subnet-00000001"]))["Workforce"]
    assert wf["Status"] == "Updating"
    assert wf["WorkforceVpcConfig"]["VpcEndpointId"] == first
    assert describe(sns, "Vpc-Life")["WorkforceVpcConfig"]["VpcEndpointId"] == first
    wait_status(sns, "Vpc-Life", "Active", t1)

    # a new VpcId: no endpoint while Updating, a new one once Active
    t2 = time.monotonic()
    wf = sns.client.update_workforce(WorkforceName="Vpc-Life", WorkforceVpcConfig=VPC2)["Workforce"]
    assert wf["Status"] == "Updating"
    assert wf["WorkforceVpcConfig"]["VpcId"] == VPC2["VpcId"]
    assert "VpcEndpointId" not in wf["WorkforceVpcConfig"]
    assert "VpcEndpointId" not in describe(sns, "Vpc-Life")["WorkforceVpcConfig"]
    wf, _ = wait_status(sns, "Vpc-Life", "Active", t2)
    second = wf["WorkforceVpcConfig"]["VpcEndpointId"]
    assert VPCE_RE.match(second) and second != first

    # an update that does not touch the VPC keeps the endpoint visible while Updating
    wf = sns.client.update_workforce(WorkforceName="Vpc-Life", IpAddressType="dualstack")["Workforce"]
    assert wf["Status"] == "Updating"
    assert wf["WorkforceVpcConfig"]["VpcEndpointId"] == second


def test_vpc_added_to_an_active_workforce_gets_its_endpoint_when_active(sns):
    t0 = time.monotonic()
    sns.client.create_workforce(WorkforceName="Vpc-Later", CognitoConfig=COGNITO)
    wait_status(sns, "Vpc-Later", "Active", t0)
    t1 = time.monotonic()
    wf = sns.client.update_workforce(WorkforceName="Vpc-Later", WorkforceVpcConfig=VPC)["Workforce"]
    assert wf["Status"] == "Updating"
    assert "VpcEndpointId" not in wf["WorkforceVpcConfig"]
    wf, _ = wait_status(sns, "Vpc-Later", "Active", t1)
    assert VPCE_RE.match(wf["WorkforceVpcConfig"]["VpcEndpointId"])


def test_delete_goes_deleting_then_gone(sns):
    t0 = time.monotonic()
    sns.client.create_workforce(WorkforceName="Del", CognitoConfig=COGNITO)
    wait_status(sns, "Del", "Active", t0)
    t1 = time.monotonic()
    sns.client.delete_workforce(WorkforceName="Del")
    wf = describe(sns, "Del")
    assert wf["Status"] == "Deleting"
    # Delete again while Deleting: succeeds and changes nothing
    sns.client.delete_workforce(WorkforceName="Del")
    assert describe(sns, "Del") == wf
    # Update while Deleting: conflict
    msg = expect_error(lambda: sns.client.update_workforce(WorkforceName="Del"), "ConflictException")
    assert "Del" in msg
    # still one workforce in the namespace (any status)
    expect_error(lambda: sns.client.create_workforce(WorkforceName="Del2", CognitoConfig=COGNITO),
                 "ValidationException",
                 f"Cannot create more than one workforce for account {sns.account}. "
                 "If you are trying to update existing workforce, please use UpdateWorkforce API")
    # no new work teams on a Deleting workforce
    expect_error(lambda: sns.client.create_workteam(WorkteamName="late", MemberDefinitions=[cognito_member()],
                                                    Description="d"), "ValidationException")
    assert time.monotonic() - t1 < DELAY, "too slow to observe Deleting"
    wait_gone(sns, "Del")
    assert time.monotonic() - t1 >= DELAY * 0.8
    assert sns.client.list_workforces()["Workforces"] == []
    sns.client.create_workforce(WorkforceName="Del2", CognitoConfig=COGNITO)
    assert describe(sns, "Del2")["Status"] == "Initializing"


def test_delete_is_allowed_while_initializing(sns):
    sns.client.create_workforce(WorkforceName="Del-Init", CognitoConfig=COGNITO)
    assert describe(sns, "Del-Init")["Status"] == "Initializing"
    sns.client.delete_workforce(WorkforceName="Del-Init")
    assert describe(sns, "Del-Init")["Status"] == "Deleting"
    wait_gone(sns, "Del-Init")


def test_delete_with_teams_refused_while_initializing_and_no_teams_while_deleting(sns):
    sns.client.create_workforce(WorkforceName="Del-Teams", CognitoConfig=COGNITO)
    sns.client.create_workteam(WorkteamName="keep", MemberDefinitions=[cognito_member()], Description="d")
    before = describe(sns, "Del-Teams")
    assert before["Status"] == "Initializing"
    expect_error(lambda: sns.client.delete_workforce(WorkforceName="Del-Teams"), "ResourceInUse",
                 "Cannot delete workforce Del-Teams because it has work teams.")
    assert describe(sns, "Del-Teams") == before
    sns.client.delete_workteam(WorkteamName="keep")
    sns.client.delete_workforce(WorkforceName="Del-Teams")
    assert describe(sns, "Del-Teams")["Status"] == "Deleting"
    expect_error(lambda: sns.client.create_workteam(WorkteamName="keep2", MemberDefinitions=[cognito_member()],
                                                    Description="d"), "ValidationException")
    assert sns.client.list_workteams()["Workteams"] == []
    wait_gone(sns, "Del-Teams")
