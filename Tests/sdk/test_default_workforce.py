"""CreateWorkteam in a namespace with no workforce (human-review-api.md §7; workforce-api.md §6 CreateWorkteam):
with no WorkforceName and only Cognito members, the private workforce `default` is created from the
members' pool and client in the same transaction.

Decision this file pins where the spec is silent: fixtures follow the API here too (a fixture work team
with Cognito members, no WorkforceName, in a namespace without a workforce brings `default` into being);
see test_human_review_state.py.

Note for the implementer: two existing tests assert the old behaviour and must be adapted with this
change: test_workteams.py::test_create_workteam_without_workforce (a Cognito team with no workforce now
succeeds) and test_races.py::test_delete_workforce_racing_create_workteam_leaves_no_orphans (its creators
send Cognito members without WorkforceName, so after the DeleteWorkforce they create `default`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

import wfe
from wfe import expect_error, cognito_member, oidc_member

OTHER_POOL = "us-east-1_Other999"


def describe_wf(ns, name="default"):
    return ns.client.describe_workforce(WorkforceName=name)["Workforce"]


def no_workforce(name):
    return f"No workforce found with name {name}."


def test_first_cognito_team_creates_workforce_default(ns):
    assert ns.client.list_workforces()["Workforces"] == []
    members = [cognito_member("labelers"), cognito_member("reviewers")]
    arn = ns.client.create_workteam(WorkteamName="first-team", Description="d", MemberDefinitions=members)["WorkteamArn"]
    assert arn == ns.workteam_arn("first-team")
    wf = describe_wf(ns)
    wfe.no_nulls(wf)
    assert wf["WorkforceName"] == "default"
    assert wf["WorkforceArn"] == ns.workforce_arn("default")
    assert wf["Status"] == "Active"
    assert wf["CognitoConfig"] == {"UserPool": wfe.USER_POOL, "ClientId": wfe.CLIENT_ID}
    assert wf["SourceIpConfig"] == {"Cidrs": []}
    for absent in ("WorkforceVpcConfig", "IpAddressType", "OidcConfig", "FailureReason"):
        assert absent not in wf
    assert wf["CreateDate"] == wf["LastUpdatedDate"]
    assert abs(wf["CreateDate"] - datetime.now(timezone.utc)) < timedelta(seconds=60)
    assert re.fullmatch(r"[a-z0-9]{10}\.labeling\.us-east-1\.sagemaker\.aws", wf["SubDomain"]), wf["SubDomain"]
    team = ns.client.describe_workteam(WorkteamName="first-team")["Workteam"]
    assert team["WorkforceArn"] == ns.workforce_arn("default")
    assert team["SubDomain"] == wf["SubDomain"]
    assert team["MemberDefinitions"] == members
    assert [w["WorkforceName"] for w in ns.client.list_workforces()["Workforces"]] == ["default"]


def test_subdomain_follows_the_usual_formula(make_ns):
    """The same (account, region, name) gives the same SubDomain whether `default` was created explicitly or not."""
    a = make_ns()
    a.client.create_workteam(WorkteamName="t", Description="d", MemberDefinitions=[cognito_member()])
    auto = describe_wf(a)["SubDomain"]
    a.client.delete_workteam(WorkteamName="t")
    a.client.delete_workforce(WorkforceName="default")
    a.client.create_workforce(WorkforceName="default", CognitoConfig=wfe.COGNITO)
    assert describe_wf(a)["SubDomain"] == auto


def test_auto_created_workforce_is_active_at_once_with_a_transition_delay(emulator_factory):
    emu = emulator_factory(delay=3600)
    ns = emu.namespace()
    ns.client.create_workteam(WorkteamName="now", Description="d", MemberDefinitions=[cognito_member()])
    assert describe_wf(ns)["Status"] == "Active"
    # an ordinary workforce afterwards: updates go through Updating
    wf = ns.client.update_workforce(WorkforceName="default", SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})["Workforce"]
    assert wf["Status"] == "Updating" and wf["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/16"]}


def test_it_is_an_ordinary_workforce_afterwards(ns):
    ns.client.create_workteam(WorkteamName="t1", Description="d", MemberDefinitions=[cognito_member("g1")])
    expect_error(lambda: ns.client.create_workforce(WorkforceName="second", CognitoConfig=wfe.COGNITO), "ValidationException",
                 f"Cannot create more than one workforce for account {ns.account}. "
                 "If you are trying to update existing workforce, please use UpdateWorkforce API")
    # later teams join it; no second workforce
    ns.client.create_workteam(WorkteamName="t2", Description="d", MemberDefinitions=[cognito_member("g2")])
    ns.client.create_workteam(WorkteamName="t3", Description="d", WorkforceName="default", MemberDefinitions=[cognito_member("g3")])
    assert [w["WorkforceName"] for w in ns.client.list_workforces()["Workforces"]] == ["default"]
    # its pool and client bind later teams, as for any Cognito workforce
    expect_error(lambda: ns.client.create_workteam(WorkteamName="t4", Description="d",
                                                   MemberDefinitions=[cognito_member(user_pool=OTHER_POOL)]), "ValidationException")
    expect_error(lambda: ns.client.create_workteam(WorkteamName="t4", Description="d", MemberDefinitions=[oidc_member("g")]),
                 "ValidationException")
    wf = ns.client.update_workforce(WorkforceName="default", SourceIpConfig={"Cidrs": ["203.0.113.0/24"]})["Workforce"]
    assert wf["SourceIpConfig"] == {"Cidrs": ["203.0.113.0/24"]}
    expect_error(lambda: ns.client.delete_workforce(WorkforceName="default"), "ResourceInUse",
                 "Cannot delete workforce default because it has work teams.")


def test_it_stays_after_its_last_team_is_deleted(ns):
    ns.client.create_workteam(WorkteamName="only", Description="d", MemberDefinitions=[cognito_member()])
    assert ns.client.delete_workteam(WorkteamName="only")["Success"] is True
    assert describe_wf(ns)["Status"] == "Active"
    assert hr_body(ns.client.delete_workforce(WorkforceName="default")) == {}
    expect_error(lambda: describe_wf(ns), "ValidationException", no_workforce("default"))
    # once it is gone, the next Cognito team creates it again, from its own members
    ns.client.create_workteam(WorkteamName="again", Description="d",
                              MemberDefinitions=[cognito_member(user_pool=OTHER_POOL, client_id="other-client")])
    assert describe_wf(ns)["CognitoConfig"] == {"UserPool": OTHER_POOL, "ClientId": "other-client"}


def hr_body(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def test_no_auto_create_while_the_workforce_is_deleting(emulator_factory):
    emu = emulator_factory(delay=3600)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="leaving", CognitoConfig=wfe.COGNITO)
    ns.client.delete_workforce(WorkforceName="leaving")
    assert describe_wf(ns, "leaving")["Status"] == "Deleting"
    expect_error(lambda: ns.client.create_workteam(WorkteamName="late", Description="d", MemberDefinitions=[cognito_member()]),
                 "ValidationException")
    assert [w["WorkforceName"] for w in ns.client.list_workforces()["Workforces"]] == ["leaving"]


def test_oidc_members_without_a_workforce_keep_the_not_found_error(ns):
    expect_error(lambda: ns.client.create_workteam(WorkteamName="oidc", Description="d", MemberDefinitions=[oidc_member("g")]),
                 "ValidationException", no_workforce("default"))
    assert ns.client.list_workforces()["Workforces"] == []
    expect_error(lambda: ns.client.describe_workteam(WorkteamName="oidc"), "ValidationException",
                 "The work team oidc does not exist.")


@pytest.mark.parametrize("name", ["x", "default", "Named-Force"])
def test_a_named_missing_workforce_is_not_created(ns, name):
    expect_error(lambda: ns.client.create_workteam(WorkteamName="named", Description="d", WorkforceName=name,
                                                   MemberDefinitions=[cognito_member()]),
                 "ValidationException", no_workforce(name))
    assert ns.client.list_workforces()["Workforces"] == []


@pytest.mark.parametrize("members", [
    [cognito_member("a"), cognito_member("b", user_pool=OTHER_POOL)],
    [cognito_member("a"), cognito_member("b", client_id="another-client")],
    [cognito_member("a"), oidc_member("g")],
    [{"CognitoMemberDefinition": cognito_member()["CognitoMemberDefinition"], "OidcMemberDefinition": {"Groups": ["g"]}}],
    [{}],
], ids=["two-pools", "two-clients", "mixed", "both-in-one", "neither"])
def test_bad_members_create_nothing(ns, members):
    expect_error(lambda: ns.client.create_workteam(WorkteamName="bad", Description="d", MemberDefinitions=members),
                 "ValidationException")
    assert ns.client.list_workforces()["Workforces"] == []
    assert ns.client.list_workteams()["Workteams"] == []


def test_a_refused_team_leaves_no_workforce_behind(ns):
    for kwargs in ({"Description": "x" * 201}, {"Description": "d", "Tags": [{"Key": "aws:team", "Value": "x"}]},
                   {"Description": "d", "NotificationConfiguration": {"NotificationTopicArn": "not-an-arn"}}):
        expect_error(lambda: ns.client.create_workteam(WorkteamName="refused", MemberDefinitions=[cognito_member()], **kwargs),
                     "ValidationException")
        assert ns.client.list_workforces()["Workforces"] == []


def test_auto_created_workforce_survives_a_restart(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace()
    ns.client.create_workteam(WorkteamName="kept", Description="d", MemberDefinitions=[cognito_member()])
    before = describe_wf(ns)
    emu.kill()
    emu.start()
    ns2 = emu.namespace(account=ns.account)
    assert describe_wf(ns2) == before
    assert ns2.client.describe_workteam(WorkteamName="kept")["Workteam"]["WorkforceArn"] == ns.workforce_arn("default")


def test_it_is_per_namespace(ns, make_ns):
    ns.client.create_workteam(WorkteamName="t", Description="d", MemberDefinitions=[cognito_member()])
    other = make_ns(region="eu-west-1", account=ns.account)
    assert other.client.list_workforces()["Workforces"] == []
    expect_error(lambda: describe_wf(other), "ValidationException", no_workforce("default"))
