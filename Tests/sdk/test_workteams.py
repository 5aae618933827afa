"""CreateWorkteam / DescribeWorkteam / UpdateWorkteam / DeleteWorkteam (spec §6)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import wfe
from wfe import expect_error, assert_validation_message, cognito_member, oidc_member

TOPIC = "arn:aws:sns:us-east-1:123456789012:labeling-topic"
ACCESS = {"S3Presign": {"IamPolicyConstraints": {"SourceIp": "Enabled", "VpcSourceIp": "Disabled"}}}


def describe_team(ns, name):
    return ns.client.describe_workteam(WorkteamName=name)["Workteam"]


def missing_team(name):
    return f"The work team {name} does not exist."


def test_create_workteam_and_describe_every_field(ns, cognito_wf):
    members = [cognito_member("labelers"), cognito_member("reviewers")]
    resp = ns.client.create_workteam(WorkteamName="team-alpha", WorkforceName=cognito_wf, MemberDefinitions=members,
                                     Description="The alpha team", NotificationConfiguration={"NotificationTopicArn": TOPIC},
                                     WorkerAccessConfiguration=ACCESS)
    assert resp["WorkteamArn"] == ns.workteam_arn("team-alpha")
    team = describe_team(ns, "team-alpha")
    wf = ns.client.describe_workforce(WorkforceName=cognito_wf)["Workforce"]
    assert team["WorkteamName"] == "team-alpha"
    assert team["WorkteamArn"] == ns.workteam_arn("team-alpha")
    assert team["WorkforceArn"] == wf["WorkforceArn"]
    assert "WorkforceName" not in team
    assert team["MemberDefinitions"] == members
    assert team["Description"] == "The alpha team"
    assert team["SubDomain"] == wf["SubDomain"]
    assert team["NotificationConfiguration"] == {"NotificationTopicArn": TOPIC}
    assert team["WorkerAccessConfiguration"] == ACCESS
    now = datetime.now(timezone.utc)
    assert abs(team["CreateDate"] - now) < timedelta(seconds=60)
    assert team["LastUpdatedDate"] >= team["CreateDate"]


def test_member_definitions_keep_their_order(ns, cognito_wf):
    groups = ["zeta", "alpha", "mu", "beta"]
    members = [cognito_member(g) for g in groups]
    ns.client.create_workteam(WorkteamName="ordered", MemberDefinitions=members, Description="o")
    assert [m["CognitoMemberDefinition"]["UserGroup"] for m in describe_team(ns, "ordered")["MemberDefinitions"]] == groups


def test_workforce_name_defaults_to_the_namespace_workforce(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="defaulted", MemberDefinitions=[cognito_member()], Description="d")
    team = describe_team(ns, "defaulted")
    assert team["WorkforceArn"] == ns.workforce_arn(cognito_wf)


def test_create_workteam_on_oidc_workforce(ns, oidc_wf):
    name, _ = oidc_wf
    members = [oidc_member("g1", "g2"), oidc_member("g3")]
    ns.client.create_workteam(WorkteamName="oidc-team", MemberDefinitions=members, Description="o")
    team = describe_team(ns, "oidc-team")
    assert team["MemberDefinitions"] == members
    assert team["WorkforceArn"] == ns.workforce_arn(name)


def test_create_workteam_without_workforce(ns):
    # human-review-api.md §7: a Cognito team with no WorkforceName in a namespace without a workforce
    # brings workforce `default` into being; OIDC members, or a named workforce, still find none.
    expect_error(lambda: ns.client.create_workteam(WorkteamName="orphan", MemberDefinitions=[oidc_member()],
                                                   Description="d"), "ValidationException", "No workforce found with name default.")
    expect_error(lambda: ns.client.create_workteam(WorkteamName="orphan", WorkforceName="default", MemberDefinitions=[cognito_member()],
                                                   Description="d"), "ValidationException", "No workforce found with name default.")
    expect_error(lambda: describe_team(ns, "orphan"), "ValidationException", missing_team("orphan"))
    assert ns.client.list_workforces()["Workforces"] == []
    ns.client.create_workteam(WorkteamName="orphan", MemberDefinitions=[cognito_member()], Description="d")
    assert describe_team(ns, "orphan")["WorkforceArn"] == ns.workforce_arn("default")


def test_create_workteam_naming_a_missing_workforce(ns, cognito_wf):
    msg = expect_error(lambda: ns.client.create_workteam(WorkteamName="t", WorkforceName="not-" + cognito_wf,
                                                         MemberDefinitions=[cognito_member()], Description="d"),
                       "ValidationException")
    assert msg.startswith("No workforce") and "not-" + cognito_wf in msg, msg


def test_duplicate_workteam_name_is_resource_in_use(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="dup", MemberDefinitions=[cognito_member("a")], Description="first")
    expect_error(lambda: ns.client.create_workteam(WorkteamName="dup", MemberDefinitions=[cognito_member("b")],
                                                   Description="second"), "ResourceInUse", status=400)
    team = describe_team(ns, "dup")
    assert team["Description"] == "first"
    assert team["MemberDefinitions"] == [cognito_member("a")]


def test_more_than_25_workteams_is_resource_limit_exceeded(ns, cognito_wf):
    for i in range(25):
        ns.client.create_workteam(WorkteamName=f"team-{i:02d}", MemberDefinitions=[cognito_member()], Description="d")
    expect_error(lambda: ns.client.create_workteam(WorkteamName="team-25", MemberDefinitions=[cognito_member()],
                                                   Description="d"), "ResourceLimitExceeded")
    expect_error(lambda: describe_team(ns, "team-25"), "ValidationException", missing_team("team-25"))
    ns.client.delete_workteam(WorkteamName="team-00")
    ns.client.create_workteam(WorkteamName="team-25", MemberDefinitions=[cognito_member()], Description="d")


@pytest.mark.parametrize("members", [
    [oidc_member("g1")],
    [cognito_member(user_pool="us-east-1_Other999")],
    [cognito_member(client_id="another-client")],
    [cognito_member("a"), cognito_member("b", user_pool="us-east-1_Other999")],
    [{"CognitoMemberDefinition": cognito_member()["CognitoMemberDefinition"],
      "OidcMemberDefinition": {"Groups": ["g"]}}],
    [{}],
], ids=["oidc-on-cognito", "other-pool", "other-client", "second-member-other-pool", "both", "neither"])
def test_members_must_match_a_cognito_workforce(ns, cognito_wf, members):
    expect_error(lambda: ns.client.create_workteam(WorkteamName="mismatch", MemberDefinitions=members, Description="d"),
                 "ValidationException")
    expect_error(lambda: describe_team(ns, "mismatch"), "ValidationException", missing_team("mismatch"))


@pytest.mark.parametrize("members", [
    [cognito_member()],
    [oidc_member("g1"), cognito_member()],
    [{}],
], ids=["cognito-on-oidc", "mixed", "neither"])
def test_members_must_match_an_oidc_workforce(ns, oidc_wf, members):
    expect_error(lambda: ns.client.create_workteam(WorkteamName="mismatch", MemberDefinitions=members, Description="d"),
                 "ValidationException")
    expect_error(lambda: describe_team(ns, "mismatch"), "ValidationException", missing_team("mismatch"))


def test_oidc_groups_limit(ns, oidc_wf):
    groups = [f"g{i}" for i in range(11)]
    msg = expect_error(lambda: ns.client.create_workteam(WorkteamName="many", MemberDefinitions=[oidc_member(*groups)],
                                                         Description="d"), "ValidationException")
    assert_validation_message(msg, "memberDefinitions.1.member.oidcMemberDefinition.groups",
                              "Member must have length less than or equal to 10")
    ns.client.create_workteam(WorkteamName="ten", MemberDefinitions=[oidc_member(*groups[:10])], Description="d")
    assert len(describe_team(ns, "ten")["MemberDefinitions"][0]["OidcMemberDefinition"]["Groups"]) == 10


def test_member_definitions_limit(ns, cognito_wf):
    members = [cognito_member(f"group{i}") for i in range(11)]
    msg = expect_error(lambda: ns.client.create_workteam(WorkteamName="big", MemberDefinitions=members, Description="d"),
                       "ValidationException")
    assert_validation_message(msg, "at 'memberDefinitions' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 10")


def test_description_limit(ns, cognito_wf):
    msg = expect_error(lambda: ns.client.create_workteam(WorkteamName="long", MemberDefinitions=[cognito_member()],
                                                         Description="x" * 201), "ValidationException")
    assert_validation_message(msg, "at 'description' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 200")
    ns.client.create_workteam(WorkteamName="long", MemberDefinitions=[cognito_member()], Description="x" * 200)
    assert describe_team(ns, "long")["Description"] == "x" * 200


@pytest.mark.parametrize("bad", ["team-", "team_1", "-team", "team--", "a b"])
def test_workteam_name_pattern(ns, cognito_wf, bad):
    msg = expect_error(lambda: ns.client.create_workteam(WorkteamName=bad, MemberDefinitions=[cognito_member()],
                                                         Description="d"), "ValidationException")
    assert_validation_message(msg, f"Value '{bad}' at 'workteamName' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


def test_workteam_name_with_inner_hyphens_is_fine(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="a--b-c", MemberDefinitions=[cognito_member()], Description="d")
    assert describe_team(ns, "a--b-c")["WorkteamArn"] == ns.workteam_arn("a--b-c")


def test_notification_topic_arn_pattern(ns, cognito_wf):
    msg = expect_error(lambda: ns.client.create_workteam(
        WorkteamName="notify", MemberDefinitions=[cognito_member()], Description="d",
        NotificationConfiguration={"NotificationTopicArn": "not-an-arn"}), "ValidationException")
    assert_validation_message(msg, "at 'notificationConfiguration.notificationTopicArn' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


def test_worker_access_configuration_enum(ns, cognito_wf):
    bad = {"S3Presign": {"IamPolicyConstraints": {"SourceIp": "On"}}}
    msg = expect_error(lambda: ns.client.create_workteam(WorkteamName="access", MemberDefinitions=[cognito_member()],
                                                         Description="d", WorkerAccessConfiguration=bad),
                       "ValidationException")
    assert_validation_message(msg, "Value 'On' at 'workerAccessConfiguration.s3Presign.iamPolicyConstraints.sourceIp' "
                                   "failed to satisfy constraint: Member must satisfy enum value set: ")


def test_describe_missing_workteam(ns):
    expect_error(lambda: describe_team(ns, "ghost-team"), "ValidationException", missing_team("ghost-team"), status=400)


def test_workteams_are_per_namespace(ns, make_ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="mine", MemberDefinitions=[cognito_member()], Description="d")
    other = make_ns()
    expect_error(lambda: describe_team(other, "mine"), "ValidationException", missing_team("mine"))


# -- UpdateWorkteam --------------------------------------------------------------------------------
def test_update_description_keeps_everything_else(ns, cognito_wf):
    members = [cognito_member("a"), cognito_member("b")]
    ns.client.create_workteam(WorkteamName="upd", MemberDefinitions=members, Description="old",
                              NotificationConfiguration={"NotificationTopicArn": TOPIC}, WorkerAccessConfiguration=ACCESS)
    before = describe_team(ns, "upd")
    team = ns.client.update_workteam(WorkteamName="upd", Description="new")["Workteam"]
    assert team["Description"] == "new"
    assert team["MemberDefinitions"] == members
    assert team["NotificationConfiguration"] == {"NotificationTopicArn": TOPIC}
    assert team["WorkerAccessConfiguration"] == ACCESS
    assert team["CreateDate"] == before["CreateDate"]
    assert team["LastUpdatedDate"] >= before["LastUpdatedDate"]
    assert team["WorkteamArn"] == before["WorkteamArn"]
    assert describe_team(ns, "upd") == team


def test_update_members_replace_the_list(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="repl", MemberDefinitions=[cognito_member("a"), cognito_member("b")],
                              Description="d")
    team = ns.client.update_workteam(WorkteamName="repl", MemberDefinitions=[cognito_member("c")])["Workteam"]
    assert team["MemberDefinitions"] == [cognito_member("c")]
    assert team["Description"] == "d"
    assert describe_team(ns, "repl")["MemberDefinitions"] == [cognito_member("c")]


def test_update_notification_configuration(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="notif", MemberDefinitions=[cognito_member()], Description="d")
    team = ns.client.update_workteam(WorkteamName="notif",
                                     NotificationConfiguration={"NotificationTopicArn": TOPIC})["Workteam"]
    assert team["NotificationConfiguration"] == {"NotificationTopicArn": TOPIC}


@pytest.mark.parametrize("members", [[oidc_member("g")], [cognito_member(user_pool="us-east-1_Other999")], [{}]],
                         ids=["oidc-on-cognito", "other-pool", "neither"])
def test_update_with_mismatched_members_changes_nothing(ns, cognito_wf, members):
    ns.client.create_workteam(WorkteamName="keep", MemberDefinitions=[cognito_member("a")], Description="d")
    before = describe_team(ns, "keep")
    expect_error(lambda: ns.client.update_workteam(WorkteamName="keep", MemberDefinitions=members, Description="changed"),
                 "ValidationException")
    assert describe_team(ns, "keep") == before


def test_update_missing_workteam(ns, cognito_wf):
    expect_error(lambda: ns.client.update_workteam(WorkteamName="nobody", Description="x"),
                 "ValidationException", missing_team("nobody"))


def test_update_description_too_long(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="desc", MemberDefinitions=[cognito_member()], Description="d")
    msg = expect_error(lambda: ns.client.update_workteam(WorkteamName="desc", Description="y" * 201),
                       "ValidationException")
    assert_validation_message(msg, "at 'description' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 200")
    assert describe_team(ns, "desc")["Description"] == "d"


# -- DeleteWorkteam ------------------------------------------------------------------------------
def test_delete_workteam_is_gone_at_once(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="doomed", MemberDefinitions=[cognito_member()], Description="d")
    resp = ns.client.delete_workteam(WorkteamName="doomed")
    assert resp["Success"] is True
    expect_error(lambda: describe_team(ns, "doomed"), "ValidationException", missing_team("doomed"))
    assert ns.client.list_workteams()["Workteams"] == []
    # the name is free again
    ns.client.create_workteam(WorkteamName="doomed", MemberDefinitions=[cognito_member("again")], Description="d2")
    assert describe_team(ns, "doomed")["Description"] == "d2"


def test_delete_missing_workteam(ns, cognito_wf):
    expect_error(lambda: ns.client.delete_workteam(WorkteamName="never-was"), "ValidationException",
                 missing_team("never-was"))
