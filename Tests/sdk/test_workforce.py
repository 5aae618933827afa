"""CreateWorkforce / DescribeWorkforce / DeleteWorkforce through boto3 (spec §3, §4, §6)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta, timezone

import pytest

import wfe
from wfe import COGNITO, VPC, expect_error, assert_validation_message

SUBDOMAIN_RE = r"^[a-z0-9]{10}\.labeling\.{region}\.sagemaker\.aws$"
VPCE_RE = re.compile(r"^vpce-[0-9a-f]{17}$")


def describe(ns, name):
    return ns.client.describe_workforce(WorkforceName=name)["Workforce"]


def not_found(name):
    return f"No workforce found with name {name}."


def test_create_cognito_workforce_and_describe_every_field(ns):
    name = wfe.uniq("Cog")
    before = datetime.now(timezone.utc)
    resp = ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO)
    assert resp["WorkforceArn"] == ns.workforce_arn(name)

    wf = describe(ns, name)
    assert wf["WorkforceName"] == name
    assert wf["WorkforceArn"] == ns.workforce_arn(name)
    assert wf["CognitoConfig"] == COGNITO
    assert wf["SourceIpConfig"] == {"Cidrs": []}
    assert re.match(SUBDOMAIN_RE.replace("{region}", re.escape(ns.region)), wf["SubDomain"]), wf["SubDomain"]
    assert wf["Status"] == "Active"
    assert wf["CreateDate"] == wf["LastUpdatedDate"]
    assert before - timedelta(seconds=60) <= wf["CreateDate"] <= datetime.now(timezone.utc) + timedelta(seconds=60)
    for absent in ("OidcConfig", "WorkforceVpcConfig", "FailureReason", "IpAddressType"):
        assert absent not in wf, f"{absent} should be omitted: {wf}"


def test_workforce_name_case_is_kept_in_arn(ns):
    name = "MixedCase-Force-" + wfe.uniq("X")
    arn = ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO)["WorkforceArn"]
    assert arn.endswith(f":workforce/{name}")
    assert describe(ns, name)["WorkforceName"] == name


def test_create_oidc_workforce_echoes_config_without_secret(ns):
    name = wfe.uniq("oidc")
    cfg = wfe.oidc_config(Scope="openid profile email", AuthenticationRequestExtraParams={"prompt": "login", "acr": "1"})
    ns.client.create_workforce(WorkforceName=name, OidcConfig=cfg)
    wf = describe(ns, name)
    assert wf["OidcConfig"] == wfe.without_secret(cfg)
    assert "ClientSecret" not in wf["OidcConfig"]
    assert "CognitoConfig" not in wf
    assert wf["Status"] == "Active"


def test_create_with_both_identity_providers_is_rejected(ns):
    name = wfe.uniq("both")
    expect_error(lambda: ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO,
                                                    OidcConfig=wfe.oidc_config()), "ValidationException")
    expect_error(lambda: describe(ns, name), "ValidationException", not_found(name))


def test_create_with_no_identity_provider_is_rejected(ns):
    name = wfe.uniq("none")
    expect_error(lambda: ns.client.create_workforce(WorkforceName=name), "ValidationException")
    expect_error(lambda: describe(ns, name), "ValidationException", not_found(name))
    assert ns.client.list_workforces()["Workforces"] == []


def test_create_with_cidrs_vpc_free_and_ip_address_type(ns):
    name = wfe.uniq("ips")
    given = ["10.0.0.0/16", "192.168.1.1/24", "2001:db8::/32"]
    ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO,
                               SourceIpConfig={"Cidrs": given}, IpAddressType="dualstack")
    wf = describe(ns, name)
    assert wf["SourceIpConfig"] == {"Cidrs": given}
    assert wf["IpAddressType"] == "dualstack"


def test_create_with_ipv6_cidr_needs_dualstack(ns):
    name = wfe.uniq("v6")
    expect_error(lambda: ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO,
                                                    SourceIpConfig={"Cidrs": ["2001:db8::/32"]}),
                 "ValidationException")
    expect_error(lambda: ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO, IpAddressType="ipv4",
                                                    SourceIpConfig={"Cidrs": ["2001:db8::/32"]}),
                 "ValidationException")
    expect_error(lambda: describe(ns, name), "ValidationException", not_found(name))


def test_create_with_vpc_and_cidrs_is_rejected(ns):
    name = wfe.uniq("vpcip")
    expect_error(lambda: ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO,
                                                    WorkforceVpcConfig=VPC,
                                                    SourceIpConfig={"Cidrs": ["10.0.0.0/16"]}),
                 "ValidationException")
    expect_error(lambda: describe(ns, name), "ValidationException", not_found(name))


def test_create_with_vpc_shows_vpc_config_and_endpoint_when_active(ns):
    name = wfe.uniq("vpc")
    ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO, WorkforceVpcConfig=VPC)
    wf = describe(ns, name)
    assert wf["Status"] == "Active"
    vpc = wf["WorkforceVpcConfig"]
    assert {k: vpc[k] for k in ("VpcId", "SecurityGroupIds", "Subnets")} == VPC
    assert VPCE_RE.match(vpc["VpcEndpointId"]), vpc
    assert wf["SourceIpConfig"] == {"Cidrs": []}


def test_create_with_eleven_cidrs_is_rejected(ns):
    name = wfe.uniq("eleven")
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO,
                                                          SourceIpConfig={"Cidrs": wfe.cidrs(11)}),
                       "ValidationException")
    assert re.fullmatch(r"1 validation error detected: Value '.*' at 'sourceIpConfig\.cidrs' failed to satisfy "
                        r"constraint: Member must have length less than or equal to 10", msg), msg
    expect_error(lambda: describe(ns, name), "ValidationException", not_found(name))


@pytest.mark.parametrize("bad", ["bad_name", "-leading-hyphen", "has space", "dots.not.ok"])
def test_create_with_bad_workforce_name_pattern(ns, bad):
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=bad, CognitoConfig=COGNITO),
                       "ValidationException")
    assert_validation_message(msg, "at 'workforceName' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")
    assert f"Value '{bad}'" in msg


def test_create_with_too_long_workforce_name(ns):
    bad = "a" * 64
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=bad, CognitoConfig=COGNITO),
                       "ValidationException")
    assert_validation_message(msg, "at 'workforceName' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 63")


def test_create_with_sixty_three_char_name_is_fine(ns):
    name = "A" + "b" * 61 + "9"
    assert len(name) == 63
    assert ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO)["WorkforceArn"] == ns.workforce_arn(name)


def test_create_with_fifty_one_tags_is_rejected(ns):
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=wfe.uniq(), CognitoConfig=COGNITO, Tags=tags),
                       "ValidationException")
    assert_validation_message(msg, "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")


def test_create_with_fifty_tags_is_fine(ns):
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    name = wfe.uniq()
    ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO, Tags=tags)
    assert describe(ns, name)["Status"] == "Active"


@pytest.mark.parametrize("second", ["same", "other"])
def test_second_workforce_in_namespace_gets_aws_text(ns, cognito_wf, second):
    name = cognito_wf if second == "same" else wfe.uniq("other")
    before = describe(ns, cognito_wf)
    expect_error(lambda: ns.client.create_workforce(WorkforceName=name, OidcConfig=wfe.oidc_config()),
                 "ValidationException",
                 f"Cannot create more than one workforce for account {ns.account}. "
                 f"If you are trying to update existing workforce, please use UpdateWorkforce API")
    assert describe(ns, cognito_wf) == before
    assert [w["WorkforceName"] for w in ns.client.list_workforces()["Workforces"]] == [cognito_wf]


def test_describe_missing_workforce(ns):
    expect_error(lambda: describe(ns, "Nope-123"), "ValidationException", not_found("Nope-123"), status=400)


def test_describe_other_name_than_the_existing_one(ns, cognito_wf):
    expect_error(lambda: describe(ns, cognito_wf + "x"), "ValidationException", not_found(cognito_wf + "x"))


def test_delete_workforce_then_gone_and_create_again(ns, cognito_wf):
    resp = ns.client.delete_workforce(WorkforceName=cognito_wf)
    assert {k for k in resp if k != "ResponseMetadata"} == set()
    expect_error(lambda: describe(ns, cognito_wf), "ValidationException", not_found(cognito_wf))
    assert ns.client.list_workforces()["Workforces"] == []
    # the namespace is free again
    name = wfe.uniq("again")
    ns.client.create_workforce(WorkforceName=name, OidcConfig=wfe.oidc_config())
    assert describe(ns, name)["Status"] == "Active"


def test_delete_missing_workforce(ns):
    msg = expect_error(lambda: ns.client.delete_workforce(WorkforceName="Ghost-1"), "ValidationException")
    assert msg.startswith("No workforce") and "Ghost-1" in msg, msg


def test_delete_workforce_with_workteams_is_resource_in_use(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="team-1", WorkforceName=cognito_wf,
                              MemberDefinitions=[wfe.cognito_member()], Description="d")
    before = describe(ns, cognito_wf)
    expect_error(lambda: ns.client.delete_workforce(WorkforceName=cognito_wf), "ResourceInUse",
                 f"Cannot delete workforce {cognito_wf} because it has work teams.")
    assert describe(ns, cognito_wf) == before
    ns.client.delete_workteam(WorkteamName="team-1")
    ns.client.delete_workforce(WorkforceName=cognito_wf)
    expect_error(lambda: describe(ns, cognito_wf), "ValidationException", not_found(cognito_wf))


def test_missing_workforce_name_member_via_raw(ns):
    r = ns.raw("DescribeWorkforce", {})
    assert r.status == 400
    assert r.json["__type"] == "ValidationException"
    assert r.json["message"] == ("1 validation error detected: Value null at 'workforceName' failed to satisfy "
                                 "constraint: Member must not be null")


def test_create_workforce_cognito_config_missing_member_via_raw(ns):
    r = ns.raw("CreateWorkforce", {"WorkforceName": wfe.uniq(), "CognitoConfig": {"UserPool": wfe.USER_POOL}})
    assert r.status == 400
    assert r.json["__type"] == "ValidationException"
    assert_validation_message(r.json["message"], "Value null at 'cognitoConfig.clientId' failed to satisfy constraint: "
                                                 "Member must not be null")


def test_create_workforce_bad_user_pool_pattern(ns):
    msg = expect_error(lambda: ns.client.create_workforce(
        WorkforceName=wfe.uniq(), CognitoConfig={"UserPool": "no-underscore", "ClientId": "c"}), "ValidationException")
    assert_validation_message(msg, "at 'cognitoConfig.userPool' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


@pytest.mark.parametrize("partial", [{"VpcId": "vpc-0a1b2c3d"}, {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]},
                                     {"VpcId": "vpc-1", "Subnets": ["subnet-1"]}],
                         ids=["vpc-only", "no-vpc-id", "no-security-groups"])
def test_create_with_partial_vpc_config_is_rejected(ns, partial):
    name = wfe.uniq("pvpc")
    expect_error(lambda: ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO,
                                                    WorkforceVpcConfig=partial), "ValidationException")
    expect_error(lambda: describe(ns, name), "ValidationException", not_found(name))


def test_create_with_vpc_and_empty_cidr_list_is_fine(ns):
    name = wfe.uniq("vpc0")
    ns.client.create_workforce(WorkforceName=name, CognitoConfig=COGNITO, WorkforceVpcConfig=VPC,
                               SourceIpConfig={"Cidrs": []})
    wf = describe(ns, name)
    assert wf["SourceIpConfig"] == {"Cidrs": []}
    assert wf["WorkforceVpcConfig"]["VpcId"] == VPC["VpcId"]


def test_create_with_bad_ip_address_type(ns):
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=wfe.uniq(), CognitoConfig=COGNITO,
                                                          IpAddressType="ipv6"), "ValidationException")
    assert msg == ("1 validation error detected: Value 'ipv6' at 'ipAddressType' failed to satisfy constraint: "
                   "Member must satisfy enum value set: [ipv4, dualstack]")


def test_create_oidc_shape_violations(ns):
    too_many = wfe.oidc_config(AuthenticationRequestExtraParams={f"k{i}": "v" for i in range(11)})
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=wfe.uniq(), OidcConfig=too_many),
                       "ValidationException")
    assert_validation_message(msg, "at 'oidcConfig.authenticationRequestExtraParams' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 10")
    bad_scope = wfe.oidc_config(Scope='openid "email"')
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=wfe.uniq(), OidcConfig=bad_scope),
                       "ValidationException")
    assert_validation_message(msg, "at 'oidcConfig.scope' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")
    long_endpoint = wfe.oidc_config(UserInfoEndpoint="https://idp.example.com/" + "u" * 480)
    msg = expect_error(lambda: ns.client.create_workforce(WorkforceName=wfe.uniq(), OidcConfig=long_endpoint),
                       "ValidationException")
    assert_validation_message(msg, "at 'oidcConfig.userInfoEndpoint' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 500")
    assert ns.client.list_workforces()["Workforces"] == []


def test_create_workforce_error_never_echoes_the_secret(ns):
    secret = "EchoMeNot-" + secrets.token_hex(8)
    cfg = wfe.oidc_config(secret, Scope='bad "scope"')
    r = ns.raw("CreateWorkforce", {"WorkforceName": wfe.uniq(), "OidcConfig": cfg})
    assert r.status == 400
    assert secret.encode() not in r.body
