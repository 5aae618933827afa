"""Namespaces (account, region), ARNs and partitions, SubDomain (spec §2, §3)."""

from __future__ import annotations

import re

import pytest

import wfe
from wfe import COGNITO, VPC, expect_error, cognito_member


def subdomain_re(region):
    return re.compile(rf"^[a-z0-9]{{10}}\.labeling\.{re.escape(region)}\.sagemaker\.aws$")


def describe(ns, name):
    return ns.client.describe_workforce(WorkforceName=name)["Workforce"]


def test_accounts_are_isolated_in_one_region(make_ns):
    a, b = make_ns(), make_ns()
    a.client.create_workforce(WorkforceName="shared-name", CognitoConfig=COGNITO)
    expect_error(lambda: describe(b, "shared-name"), "ValidationException", "No workforce found with name shared-name.")
    assert b.client.list_workforces()["Workforces"] == []
    b.client.create_workforce(WorkforceName="shared-name", OidcConfig=wfe.oidc_config())
    wa, wb = describe(a, "shared-name"), describe(b, "shared-name")
    assert wa["WorkforceArn"] == f"arn:aws:sagemaker:us-east-1:{a.account}:workforce/shared-name"
    assert wb["WorkforceArn"] == f"arn:aws:sagemaker:us-east-1:{b.account}:workforce/shared-name"
    assert "CognitoConfig" in wa and "OidcConfig" in wb
    assert wa["SubDomain"] != wb["SubDomain"]
    # a change in one does not touch the other
    a.client.update_workforce(WorkforceName="shared-name", SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})
    assert describe(b, "shared-name")["SourceIpConfig"] == {"Cidrs": []}
    a.client.delete_workforce(WorkforceName="shared-name")
    assert describe(b, "shared-name")["Status"] == "Active"


def test_regions_are_isolated_for_one_account(make_ns):
    account = wfe.random_account()
    east, west = make_ns("us-east-1", account=account), make_ns("eu-west-1", account=account)
    east.client.create_workforce(WorkforceName="east-force", CognitoConfig=COGNITO)
    assert west.client.list_workforces()["Workforces"] == []
    west.client.create_workforce(WorkforceName="west-force", CognitoConfig=COGNITO)
    assert describe(west, "west-force")["WorkforceArn"] == f"arn:aws:sagemaker:eu-west-1:{account}:workforce/west-force"
    assert subdomain_re("eu-west-1").match(describe(west, "west-force")["SubDomain"])
    assert subdomain_re("us-east-1").match(describe(east, "east-force")["SubDomain"])
    expect_error(lambda: describe(west, "east-force"), "ValidationException", "No workforce found with name east-force.")
    # workteams too
    east.client.create_workteam(WorkteamName="t", MemberDefinitions=[cognito_member()], Description="d")
    assert west.client.list_workteams()["Workteams"] == []


@pytest.mark.parametrize("region,part", [("us-east-1", "aws"), ("eu-central-1", "aws"), ("ap-southeast-2", "aws"),
                                         ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"),
                                         ("us-gov-west-1", "aws-us-gov"), ("us-gov-east-1", "aws-us-gov")])
def test_arns_carry_the_partition_and_region(make_ns, region, part):
    ns = make_ns(region)
    arn = ns.client.create_workforce(WorkforceName="PartForce", CognitoConfig=COGNITO)["WorkforceArn"]
    assert arn == f"arn:{part}:sagemaker:{region}:{ns.account}:workforce/PartForce"
    team_arn = ns.client.create_workteam(WorkteamName="part-team", MemberDefinitions=[cognito_member()],
                                         Description="d")["WorkteamArn"]
    assert team_arn == f"arn:{part}:sagemaker:{region}:{ns.account}:workteam/private-crowd/part-team"
    wf = describe(ns, "PartForce")
    assert wf["WorkforceArn"] == arn
    assert subdomain_re(region).match(wf["SubDomain"]), wf["SubDomain"]
    team = ns.client.describe_workteam(WorkteamName="part-team")["Workteam"]
    assert team["WorkforceArn"] == arn
    assert team["SubDomain"] == wf["SubDomain"]
    # tags work with the partition's ARNs
    ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": "k", "Value": "v"}])
    assert ns.client.list_tags(ResourceArn=team_arn)["Tags"] == [{"Key": "k", "Value": "v"}]


def test_second_create_workforce_names_the_account(make_ns):
    ns = make_ns("eu-west-2")
    ns.client.create_workforce(WorkforceName="first", CognitoConfig=COGNITO)
    expect_error(lambda: ns.client.create_workforce(WorkforceName="second", CognitoConfig=COGNITO),
                 "ValidationException",
                 f"Cannot create more than one workforce for account {ns.account}. "
                 "If you are trying to update existing workforce, please use UpdateWorkforce API")


def test_subdomain_depends_on_account_region_and_name(make_ns):
    account = wfe.random_account()
    subs = set()
    for region, acct, name in [("us-east-1", account, "sub-a"), ("us-east-2", account, "sub-a"),
                               ("us-east-1", wfe.random_account(), "sub-a")]:
        ns = make_ns(region, account=acct)
        ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO)
        sub = describe(ns, name)["SubDomain"]
        assert subdomain_re(region).match(sub)
        subs.add(sub.split(".")[0])
    assert len(subs) == 3


def test_subdomain_and_vpc_endpoint_are_reproducible_across_servers(emulator_factory):
    """Derived from a hash of (account, region, name[, VpcId]): two fresh databases give the same values."""
    account = wfe.random_account()
    seen = []
    for i in range(2):
        emu = emulator_factory(db=":memory:", delay=0)
        ns = emu.namespace("ap-northeast-1", account=account)
        ns.client.create_workforce(WorkforceName="Repro-Force", CognitoConfig=COGNITO, WorkforceVpcConfig=VPC)
        wf = describe(ns, "Repro-Force")
        seen.append((wf["SubDomain"], wf["WorkforceVpcConfig"]["VpcEndpointId"], wf["WorkforceArn"]))
        emu.stop()
    assert seen[0] == seen[1]
    assert subdomain_re("ap-northeast-1").match(seen[0][0])


def test_subdomain_is_stable_across_restart(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace("us-west-2")
    ns.client.create_workforce(WorkforceName="Stable", CognitoConfig=COGNITO)
    sub = describe(ns, "Stable")["SubDomain"]
    assert subdomain_re("us-west-2").match(sub)
    assert emu.stop() == 0
    emu.start()
    ns2 = emu.namespace("us-west-2", account=ns.account)
    assert describe(ns2, "Stable")["SubDomain"] == sub


def test_non_numeric_access_key_uses_the_configured_account(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:")
    ns = emu.namespace("us-east-1", access_key="AKIDEXAMPLE")
    assert ns.account == wfe.DEFAULT_ACCOUNT
    arn = ns.client.create_workforce(WorkforceName="Default-Acct", CognitoConfig=COGNITO)["WorkforceArn"]
    assert arn == "arn:aws:sagemaker:us-east-1:000000000000:workforce/Default-Acct"
    # 11 and 13 digits are not an account id either: same namespace
    for key in ("12345678901", "1234567890123"):
        other = emu.namespace("us-east-1", access_key=key)
        assert describe(other, "Default-Acct")["WorkforceArn"] == arn
    # 12 digits are
    twelve = emu.namespace("us-east-1", access_key="123456789012")
    assert twelve.client.list_workforces()["Workforces"] == []


def test_configured_account_and_region_apply_to_unsigned_requests(emulator_factory):
    emu = emulator_factory(delay=0, db=":memory:", args=["--account-id", "210987654321", "--region", "eu-north-1"])
    ns = emu.namespace("eu-north-1", access_key="NOT-DIGITS")
    r = ns.raw("CreateWorkforce", {"WorkforceName": "Unsigned", "CognitoConfig": COGNITO}, sign=False)
    assert r.status == 200, r.text
    assert r.json["WorkforceArn"] == "arn:aws:sagemaker:eu-north-1:210987654321:workforce/Unsigned"
    # the signed SDK call with a non-numeric key lands in the same namespace
    assert describe(ns, "Unsigned")["WorkforceArn"] == r.json["WorkforceArn"]
    # a 12-digit key still chooses its own account
    own = emu.namespace("eu-north-1", account="555566667777")
    assert own.client.list_workforces()["Workforces"] == []
