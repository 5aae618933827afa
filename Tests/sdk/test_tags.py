"""AddTags / ListTags / DeleteTags (spec §6 "AddTags / ListTags / DeleteTags", §7)."""

from __future__ import annotations

import pytest

import wfe
from wfe import expect_error, assert_validation_message, cognito_member


def all_tags(ns, arn) -> dict[str, str]:
    tags = []
    for page in ns.client.get_paginator("list_tags").paginate(ResourceArn=arn):
        tags.extend(page["Tags"])
    keys = [t["Key"] for t in tags]
    assert len(keys) == len(set(keys)), f"duplicate keys listed: {keys}"
    return {t["Key"]: t["Value"] for t in tags}


@pytest.fixture
def team_arn(ns, cognito_wf):
    return ns.client.create_workteam(WorkteamName="tagged", MemberDefinitions=[cognito_member()], Description="d",
                                     Tags=[{"Key": "env", "Value": "test"}, {"Key": "owner", "Value": "qa"}])["WorkteamArn"]


def test_tags_given_at_create_workteam_are_listed(ns, team_arn):
    assert all_tags(ns, team_arn) == {"env": "test", "owner": "qa"}


def test_add_overwrites_a_key_and_delete_removes_by_key(ns, team_arn):
    ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": "env", "Value": "prod"}, {"Key": "cost", "Value": ""}])
    assert all_tags(ns, team_arn) == {"env": "prod", "owner": "qa", "cost": ""}
    ns.client.delete_tags(ResourceArn=team_arn, TagKeys=["owner", "cost"])
    assert all_tags(ns, team_arn) == {"env": "prod"}


def test_workteam_without_tags_lists_none(ns, cognito_wf):
    arn = ns.client.create_workteam(WorkteamName="bare", MemberDefinitions=[cognito_member()],
                                    Description="d")["WorkteamArn"]
    assert ns.client.list_tags(ResourceArn=arn)["Tags"] == []


def test_fifty_tags_allowed_fifty_one_rejected(ns, team_arn):
    ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": f"k{i:02d}", "Value": str(i)} for i in range(48)])
    tags = all_tags(ns, team_arn)
    assert len(tags) == 50
    expect_error(lambda: ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": "one-more", "Value": "x"}]),
                 "ValidationException")
    assert all_tags(ns, team_arn) == tags
    # overwriting an existing key at 50 is not an addition
    ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": "env", "Value": "changed"}])
    assert all_tags(ns, team_arn)["env"] == "changed"


def test_fifty_one_tags_in_one_request(ns, team_arn):
    msg = expect_error(lambda: ns.client.add_tags(ResourceArn=team_arn,
                                                  Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]),
                       "ValidationException")
    assert_validation_message(msg, "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
    assert all_tags(ns, team_arn) == {"env": "test", "owner": "qa"}


def test_create_workteam_with_fifty_one_tags(ns, cognito_wf):
    msg = expect_error(lambda: ns.client.create_workteam(
        WorkteamName="toomany", MemberDefinitions=[cognito_member()], Description="d",
        Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]), "ValidationException")
    assert_validation_message(msg, "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")


@pytest.mark.parametrize("key", ["aws:owner", "aws:cloudformation:stack-name"])
def test_aws_prefixed_keys_are_rejected(ns, team_arn, key):
    msg = expect_error(lambda: ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": key, "Value": "x"}]),
                       "ValidationException")
    assert "aws:" in msg, msg
    assert all_tags(ns, team_arn) == {"env": "test", "owner": "qa"}


def test_aws_prefixed_key_at_create_workteam_is_rejected(ns, cognito_wf):
    expect_error(lambda: ns.client.create_workteam(WorkteamName="reserved", MemberDefinitions=[cognito_member()],
                                                   Description="d", Tags=[{"Key": "aws:team", "Value": "x"}]),
                 "ValidationException")
    expect_error(lambda: ns.client.describe_workteam(WorkteamName="reserved"), "ValidationException",
                 "The work team reserved does not exist.")


def test_tag_key_and_value_limits(ns, team_arn):
    msg = expect_error(lambda: ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": "k" * 129, "Value": "v"}]),
                       "ValidationException")
    assert_validation_message(msg, "at 'tags.1.member.key' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 128")
    msg = expect_error(lambda: ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": "ok", "Value": "v"},
                                                                              {"Key": "k", "Value": "v" * 257}]),
                       "ValidationException")
    assert_validation_message(msg, "at 'tags.2.member.value' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 256")
    msg = expect_error(lambda: ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": "bad#key", "Value": "v"}]),
                       "ValidationException")
    assert_validation_message(msg, "Value 'bad#key' at 'tags.1.member.key' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")
    assert all_tags(ns, team_arn) == {"env": "test", "owner": "qa"}


def test_workforce_arn_is_an_invalid_resource_type(ns, cognito_wf):
    arn = ns.workforce_arn(cognito_wf)
    expected = "Invalid resource type: workforce"
    expect_error(lambda: ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]),
                 "ValidationException", expected)
    expect_error(lambda: ns.client.list_tags(ResourceArn=arn), "ValidationException", expected)
    expect_error(lambda: ns.client.delete_tags(ResourceArn=arn, TagKeys=["k"]), "ValidationException", expected)


def test_arn_of_nothing_is_rejected(ns, cognito_wf):
    arn = ns.workteam_arn("no-such-team")
    expect_error(lambda: ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]), "ValidationException")
    expect_error(lambda: ns.client.list_tags(ResourceArn=arn), "ValidationException")
    expect_error(lambda: ns.client.delete_tags(ResourceArn=arn, TagKeys=["k"]), "ValidationException")


def test_tags_of_a_deleted_workteam_are_gone(ns, team_arn):
    ns.client.delete_workteam(WorkteamName="tagged")
    expect_error(lambda: ns.client.list_tags(ResourceArn=team_arn), "ValidationException")
    ns.client.create_workteam(WorkteamName="tagged", MemberDefinitions=[cognito_member()], Description="d")
    assert ns.client.list_tags(ResourceArn=team_arn)["Tags"] == []


def test_resource_arn_pattern(ns):
    msg = expect_error(lambda: ns.client.list_tags(ResourceArn="not-an-arn"), "ValidationException")
    assert_validation_message(msg, "Value 'not-an-arn' at 'resourceArn' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


def test_list_tags_max_results_upper_bound_is_not_modelled_but_paging_works(ns, team_arn):
    ns.client.add_tags(ResourceArn=team_arn, Tags=[{"Key": f"k{i:02d}", "Value": "v"} for i in range(48)])
    first = ns.client.list_tags(ResourceArn=team_arn, MaxResults=50)
    assert len(first["Tags"]) == 50
    assert "NextToken" not in first
