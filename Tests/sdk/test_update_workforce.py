"""UpdateWorkforce, rule by rule (spec §6 "UpdateWorkforce", §7, UpdateWorkforce-reference.txt).

Every rejected update is also checked to change nothing: Describe before == Describe after.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import datetime, timedelta, timezone

import pytest

import wfe
from wfe import COGNITO, VPC, VPC2, expect_error, assert_validation_message

VPCE_RE = re.compile(r"^vpce-[0-9a-f]{17}$")
ELEVEN_RE = (r"1 validation error detected: Value '.*' at 'sourceIpConfig\.cidrs' failed to satisfy constraint: "
             r"Member must have length less than or equal to 10")


def describe(ns, name):
    return ns.client.describe_workforce(WorkforceName=name)["Workforce"]


def update(ns, name, **kwargs):
    return ns.client.update_workforce(WorkforceName=name, **kwargs)["Workforce"]


def rejected(ns, name, code, message=None, contains=(), **kwargs) -> str:
    """Asserts UpdateWorkforce(**kwargs) fails with `code` and leaves the workforce exactly as it was."""
    before = describe(ns, name)
    msg = expect_error(lambda: update(ns, name, **kwargs), code, message, contains=contains)
    assert describe(ns, name) == before, "a rejected update changed the workforce"
    return msg


# -- SourceIpConfig: count ----------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 2, 9, 10])
def test_zero_to_ten_cidrs_are_accepted_and_replace_the_list(ns, cognito_wf, n):
    update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["172.16.0.0/12", "192.168.0.0/16"]})
    given = wfe.cidrs(n, start=100)
    wf = update(ns, cognito_wf, SourceIpConfig={"Cidrs": given})
    assert wf["SourceIpConfig"] == {"Cidrs": given}
    assert describe(ns, cognito_wf)["SourceIpConfig"] == {"Cidrs": given}


@pytest.mark.parametrize("n", [11, 12, 20])
def test_more_than_ten_cidrs_is_rejected_with_aws_text_and_nothing_changes(ns, cognito_wf, n):
    update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.1.0.0/16", "10.2.0.0/16"]})
    msg = rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": wfe.cidrs(n)})
    assert re.fullmatch(ELEVEN_RE, msg), msg
    assert describe(ns, cognito_wf)["SourceIpConfig"] == {"Cidrs": ["10.1.0.0/16", "10.2.0.0/16"]}


def test_eleven_cidrs_message_over_raw_http(ns, cognito_wf):
    r = ns.raw("UpdateWorkforce", {"WorkforceName": cognito_wf, "SourceIpConfig": {"Cidrs": wfe.cidrs(11)}})
    assert r.status == 400
    assert r.json["__type"] == "ValidationException"
    assert re.fullmatch(ELEVEN_RE, r.json["message"]), r.json
    assert r.json["Message"] == r.json["message"]


def test_empty_cidr_list_removes_the_restriction(ns, cognito_wf):
    assert update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})["SourceIpConfig"]["Cidrs"] == ["10.0.0.0/8"]
    assert update(ns, cognito_wf, SourceIpConfig={"Cidrs": []})["SourceIpConfig"] == {"Cidrs": []}
    assert describe(ns, cognito_wf)["SourceIpConfig"] == {"Cidrs": []}


def test_omitting_source_ip_config_keeps_the_list(ns, cognito_wf):
    update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.0.0.0/8", "192.0.2.0/24"]})
    wf = update(ns, cognito_wf, IpAddressType="ipv4")
    assert wf["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/8", "192.0.2.0/24"]}


def test_source_ip_config_without_cidrs_member_via_raw(ns, cognito_wf):
    before = describe(ns, cognito_wf)
    r = ns.raw("UpdateWorkforce", {"WorkforceName": cognito_wf, "SourceIpConfig": {}})
    assert r.status == 400 and r.json["__type"] == "ValidationException", r.text
    assert_validation_message(r.json["message"], "Value null at 'sourceIpConfig.cidrs' failed to satisfy constraint: "
                                                 "Member must not be null")
    assert describe(ns, cognito_wf) == before


# -- SourceIpConfig: parsing --------------------------------------------------------------------
VALID_V4 = ["0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.1.0/24", "255.255.255.255/32",
            "1.2.3.4/32", "100.64.0.0/10", "8.8.8.0/24"]


def test_valid_ipv4_cidrs_are_kept_verbatim(ns, cognito_wf):
    wf = update(ns, cognito_wf, SourceIpConfig={"Cidrs": VALID_V4})
    assert wf["SourceIpConfig"]["Cidrs"] == VALID_V4


@pytest.mark.parametrize("cidr", ["10.0.0.1/16", "192.168.1.77/24", "10.10.10.10/0"])
def test_host_bits_are_accepted_and_kept_as_given(ns, cognito_wf, cidr):
    wf = update(ns, cognito_wf, SourceIpConfig={"Cidrs": [cidr]})
    assert wf["SourceIpConfig"]["Cidrs"] == [cidr]
    assert describe(ns, cognito_wf)["SourceIpConfig"]["Cidrs"] == [cidr]


BAD_V4 = ["10.0.0.0/33", "256.0.0.0/8", "10.0.0.256/32", "10.0.0/8", "10.0.0.0", "10.0.0.0/",
          "1.2.3.4.5/8", "abc.def.ghi.jkl/8", "10.0.0.0/-1", "10.0.0.0/8/8", "-1.0.0.0/8", "10.0.0.0/1a"]


@pytest.mark.parametrize("cidr", BAD_V4)
def test_malformed_ipv4_cidr_is_rejected_and_nothing_changes(ns, cognito_wf, cidr):
    update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.9.0.0/16"]})
    msg = rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": ["192.0.2.0/24", cidr]})
    assert "sourceIpConfig.cidrs" in msg or cidr in msg, msg


VALID_V6 = ["2001:db8::/32", "::/0", "2001:db8:0:0:0:0:0:1/128", "fe80::1/64", "2001:DB8:ABCD::/48", "::1/128"]


def test_ipv6_cidrs_with_dualstack_in_the_same_request(ns, cognito_wf):
    wf = update(ns, cognito_wf, IpAddressType="dualstack", SourceIpConfig={"Cidrs": VALID_V6 + ["10.0.0.0/8"]})
    assert wf["SourceIpConfig"]["Cidrs"] == VALID_V6 + ["10.0.0.0/8"]
    assert wf["IpAddressType"] == "dualstack"
    assert describe(ns, cognito_wf) == wf


def test_ipv6_cidrs_when_dualstack_is_already_set(ns, cognito_wf):
    assert update(ns, cognito_wf, IpAddressType="dualstack")["IpAddressType"] == "dualstack"
    wf = update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["2001:db8:1234::/48"]})
    assert wf["SourceIpConfig"]["Cidrs"] == ["2001:db8:1234::/48"]
    assert wf["IpAddressType"] == "dualstack"


def test_ipv6_cidr_without_dualstack_is_rejected(ns, cognito_wf):
    msg = rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": ["2001:db8::/32"]})
    assert msg
    update(ns, cognito_wf, IpAddressType="ipv4")
    rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": ["10.0.0.0/8", "2001:db8::/32"]})
    rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": ["2001:db8::/32"]}, IpAddressType="ipv4")


def test_switching_to_ipv4_while_ipv6_cidrs_remain_is_rejected(ns, cognito_wf):
    update(ns, cognito_wf, IpAddressType="dualstack", SourceIpConfig={"Cidrs": ["2001:db8::/32", "10.0.0.0/8"]})
    rejected(ns, cognito_wf, "ValidationException", IpAddressType="ipv4")
    # allowed when the same request replaces the IPv6 CIDRs
    wf = update(ns, cognito_wf, IpAddressType="ipv4", SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})
    assert wf["IpAddressType"] == "ipv4"
    assert wf["SourceIpConfig"]["Cidrs"] == ["10.0.0.0/8"]


BAD_V6 = ["2001:db8::/129", "2001:db8:::/32", "2001:gb8::/32", "1:2:3:4:5:6:7:8:9/64", "2001:db8::",
          "2001:db8::/", "12345::/16", ":::/0"]


@pytest.mark.parametrize("cidr", BAD_V6)
def test_malformed_ipv6_cidr_is_rejected_even_with_dualstack(ns, cognito_wf, cidr):
    update(ns, cognito_wf, IpAddressType="dualstack")
    msg = rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": [cidr]})
    assert "sourceIpConfig.cidrs" in msg or cidr in msg, msg


def test_cidr_longer_than_64_chars_is_rejected(ns, cognito_wf):
    cidr = "10.0.0.0/" + "1" * 60
    msg = rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": [cidr]})
    assert_validation_message(msg, "at 'sourceIpConfig.cidrs.1.member' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 64")


# -- IpAddressType -------------------------------------------------------------------------------
def test_ip_address_type_absent_until_set_then_switches_both_ways(ns, cognito_wf):
    assert "IpAddressType" not in describe(ns, cognito_wf)
    assert update(ns, cognito_wf, IpAddressType="dualstack")["IpAddressType"] == "dualstack"
    assert describe(ns, cognito_wf)["IpAddressType"] == "dualstack"
    assert update(ns, cognito_wf, IpAddressType="ipv4")["IpAddressType"] == "ipv4"
    assert describe(ns, cognito_wf)["IpAddressType"] == "ipv4"
    # omitted: stays
    assert update(ns, cognito_wf)["IpAddressType"] == "ipv4"


@pytest.mark.parametrize("bad", ["ipv6", "IPV4", "Dualstack", ""])
def test_ip_address_type_outside_enum(ns, cognito_wf, bad):
    msg = rejected(ns, cognito_wf, "ValidationException", IpAddressType=bad)
    assert_validation_message(msg, f"Value '{bad}' at 'ipAddressType' failed to satisfy constraint: "
                                   "Member must satisfy enum value set: [ipv4, dualstack]")


# -- OidcConfig -------------------------------------------------------------------------------
def test_oidc_config_on_cognito_workforce_is_rejected(ns, cognito_wf):
    msg = rejected(ns, cognito_wf, "ValidationException", OidcConfig=wfe.oidc_config())
    assert msg
    assert "OidcConfig" not in describe(ns, cognito_wf)


def test_oidc_config_replaces_the_whole_config(ns, oidc_wf):
    name, original = oidc_wf
    new = wfe.oidc_config(host="login.example.org")
    new["ClientId"] = "second-client"
    wf = update(ns, name, OidcConfig=new)
    assert wf["OidcConfig"] == wfe.without_secret(new)  # Scope and extra params of the old config are gone
    assert describe(ns, name)["OidcConfig"] == wfe.without_secret(new)
    newer = wfe.oidc_config(host="third.example.net", Scope="openid", AuthenticationRequestExtraParams={"a": "b"})
    assert update(ns, name, OidcConfig=newer)["OidcConfig"] == wfe.without_secret(newer)


def test_client_secret_never_in_any_response(ns):
    secret_create = "CreateSecret-" + secrets.token_hex(12)
    secret_update = "UpdateSecret-" + secrets.token_hex(12)
    name = wfe.uniq("sec")
    r = ns.raw("CreateWorkforce", {"WorkforceName": name, "OidcConfig": wfe.oidc_config(secret_create)})
    assert r.status == 200, r.text
    bodies = [r.body]
    r = ns.raw("UpdateWorkforce", {"WorkforceName": name, "OidcConfig": wfe.oidc_config(secret_update)})
    assert r.status == 200, r.text
    bodies.append(r.body)
    assert "ClientSecret" not in r.json["Workforce"]["OidcConfig"]
    bodies.append(ns.raw("DescribeWorkforce", {"WorkforceName": name}).body)
    bodies.append(ns.raw("ListWorkforces", {}).body)
    # a rejected update that carries a secret must not echo it either
    r = ns.raw("UpdateWorkforce", {"WorkforceName": name, "OidcConfig": wfe.oidc_config(secret_update + "x"),
                                   "SourceIpConfig": {"Cidrs": wfe.cidrs(11)}})
    assert r.status == 400
    bodies.append(r.body)
    for body in bodies:
        assert b"ClientSecret" not in body
        for secret in (secret_create, secret_update):
            assert secret.encode() not in body
    assert ns.client.describe_workforce(WorkforceName=name)["Workforce"]["OidcConfig"]["Issuer"] == "https://idp.example.com"


def test_oidc_update_while_a_workteam_exists_is_conflict_until_teams_are_deleted(ns, oidc_wf):
    name, original = oidc_wf
    ns.client.create_workteam(WorkteamName="oidc-team", MemberDefinitions=[wfe.oidc_member("g1")], Description="t")
    new = wfe.oidc_config(host="new.example.com")
    msg = rejected(ns, name, "ConflictException", OidcConfig=new)
    assert name in msg, msg
    ns.client.delete_workteam(WorkteamName="oidc-team")
    wf = update(ns, name, OidcConfig=new)
    assert wf["OidcConfig"] == wfe.without_secret(new)


def test_other_updates_of_an_oidc_workforce_with_teams_are_fine(ns, oidc_wf):
    name, original = oidc_wf
    ns.client.create_workteam(WorkteamName="t1", MemberDefinitions=[wfe.oidc_member("g1")], Description="t")
    wf = update(ns, name, SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})
    assert wf["SourceIpConfig"]["Cidrs"] == ["10.0.0.0/8"]
    assert wf["OidcConfig"] == wfe.without_secret(original)


def test_oidc_config_missing_member_via_raw(ns, oidc_wf):
    name, _ = oidc_wf
    before = describe(ns, name)
    cfg = wfe.oidc_config()
    del cfg["ClientSecret"]
    r = ns.raw("UpdateWorkforce", {"WorkforceName": name, "OidcConfig": cfg})
    assert r.status == 400 and r.json["__type"] == "ValidationException", r.text
    assert_validation_message(r.json["message"], "Value null at 'oidcConfig.clientSecret' failed to satisfy "
                                                 "constraint: Member must not be null")
    assert describe(ns, name) == before


def test_oidc_endpoint_must_be_https(ns, oidc_wf):
    name, _ = oidc_wf
    cfg = wfe.oidc_config()
    cfg["Issuer"] = "http://insecure.example.com"
    msg = rejected(ns, name, "ValidationException", OidcConfig=cfg)
    assert_validation_message(msg, "at 'oidcConfig.issuer' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


# -- WorkforceVpcConfig -------------------------------------------------------------------------
def vpc_part(wf):
    v = wf["WorkforceVpcConfig"]
    return {k: v[k] for k in ("VpcId", "SecurityGroupIds", "Subnets")}


def test_vpc_add_replace_remove(ns, cognito_wf):
    wf = update(ns, cognito_wf, WorkforceVpcConfig=VPC)
    assert vpc_part(wf) == VPC
    assert VPCE_RE.match(wf["WorkforceVpcConfig"]["VpcEndpointId"])
    first_endpoint = wf["WorkforceVpcConfig"]["VpcEndpointId"]
    assert describe(ns, cognito_wf) == wf

    # same VPC, other subnets: the endpoint is derived from (account, region, name, VpcId): unchanged
    same_vpc = dict(VPC, Subnets=["subnet-0123abcd"])
    wf = update(ns, cognito_wf, WorkforceVpcConfig=same_vpc)
    assert vpc_part(wf) == same_vpc
    assert wf["WorkforceVpcConfig"]["VpcEndpointId"] == first_endpoint

    wf = update(ns, cognito_wf, WorkforceVpcConfig=VPC2)
    assert vpc_part(wf) == VPC2
    assert VPCE_RE.match(wf["WorkforceVpcConfig"]["VpcEndpointId"])
    assert wf["WorkforceVpcConfig"]["VpcEndpointId"] != first_endpoint

    wf = update(ns, cognito_wf, WorkforceVpcConfig={})
    assert "WorkforceVpcConfig" not in wf
    assert "WorkforceVpcConfig" not in describe(ns, cognito_wf)


def test_vpc_remove_with_empty_vpc_id(ns, cognito_wf):
    update(ns, cognito_wf, WorkforceVpcConfig=VPC)
    wf = update(ns, cognito_wf, WorkforceVpcConfig={"VpcId": ""})
    assert "WorkforceVpcConfig" not in wf
    assert "WorkforceVpcConfig" not in describe(ns, cognito_wf)


def test_omitting_vpc_config_keeps_it(ns, cognito_wf):
    update(ns, cognito_wf, WorkforceVpcConfig=VPC)
    wf = update(ns, cognito_wf, IpAddressType="dualstack")
    assert vpc_part(wf) == VPC


@pytest.mark.parametrize("partial", [
    {"VpcId": "vpc-0a1b2c3d"},
    {"VpcId": "vpc-0a1b2c3d", "SecurityGroupIds": ["sg-0a1b2c3d"]},
    {"VpcId": "vpc-0a1b2c3d", "Subnets": ["subnet-0a1b2c3d"]},
    {"SecurityGroupIds": ["sg-0a1b2c3d"], "Subnets": ["subnet-0a1b2c3d"]},
    {"SecurityGroupIds": ["sg-0a1b2c3d"]},
    {"VpcId": "", "SecurityGroupIds": ["sg-0a1b2c3d"], "Subnets": ["subnet-0a1b2c3d"]},
], ids=["vpc-only", "no-subnets", "no-security-groups", "no-vpc-id", "sg-only", "empty-vpc-id-with-ids"])
def test_partial_vpc_config_is_rejected(ns, cognito_wf, partial):
    rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=partial)
    update(ns, cognito_wf, WorkforceVpcConfig=VPC2)
    rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=partial)


def test_vpc_shape_limits(ns, cognito_wf):
    six_sgs = dict(VPC, SecurityGroupIds=[f"sg-{i:08x}" for i in range(6)])
    msg = rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=six_sgs)
    assert_validation_message(msg, "at 'workforceVpcConfig.securityGroupIds' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 5")
    seventeen = dict(VPC, Subnets=[f"subnet-{i:08x}" for i in range(17)])
    msg = rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=seventeen)
    assert_validation_message(msg, "at 'workforceVpcConfig.subnets' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 16")
    # the maxima themselves are fine
    ok = {"VpcId": "vpc-1", "SecurityGroupIds": [f"sg-{i}" for i in range(5)],
          "Subnets": [f"subnet-{i}" for i in range(16)]}
    assert vpc_part(update(ns, cognito_wf, WorkforceVpcConfig=ok)) == ok


def test_vpc_id_patterns(ns, cognito_wf):
    msg = rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=dict(VPC, VpcId="notavpc"))
    assert_validation_message(msg, "Value 'notavpc' at 'workforceVpcConfig.vpcId' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")
    msg = rejected(ns, cognito_wf, "ValidationException",
                   WorkforceVpcConfig=dict(VPC, SecurityGroupIds=["sg-ok1", "group-2"]))
    assert_validation_message(msg, "Value 'group-2' at 'workforceVpcConfig.securityGroupIds.2.member' failed to "
                                   "satisfy constraint: Member must satisfy regular expression pattern: ")
    msg = rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=dict(VPC, Subnets=["net-1"]))
    assert_validation_message(msg, "at 'workforceVpcConfig.subnets.1.member' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


# -- no IP restriction on a VPC workforce ----------------------------------------------------------
def test_cidrs_onto_a_vpc_workforce_are_rejected(ns, cognito_wf):
    update(ns, cognito_wf, WorkforceVpcConfig=VPC)
    rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    # and in the same request as a VPC replacement
    rejected(ns, cognito_wf, "ValidationException", SourceIpConfig={"Cidrs": ["10.0.0.0/16"]}, WorkforceVpcConfig=VPC2)
    # clearing is fine
    wf = update(ns, cognito_wf, SourceIpConfig={"Cidrs": []})
    assert wf["SourceIpConfig"] == {"Cidrs": []}
    assert vpc_part(wf) == VPC


def test_adding_a_vpc_to_a_restricted_workforce_without_clearing_cidrs_is_rejected(ns, cognito_wf):
    update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.0.0.0/16", "192.168.0.0/24"]})
    rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=VPC)
    rejected(ns, cognito_wf, "ValidationException", WorkforceVpcConfig=VPC, SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})
    assert "WorkforceVpcConfig" not in describe(ns, cognito_wf)


def test_adding_a_vpc_and_clearing_cidrs_in_the_same_request(ns, cognito_wf):
    update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    wf = update(ns, cognito_wf, WorkforceVpcConfig=VPC, SourceIpConfig={"Cidrs": []})
    assert wf["SourceIpConfig"] == {"Cidrs": []}
    assert vpc_part(wf) == VPC
    assert describe(ns, cognito_wf) == wf


def test_removing_the_vpc_and_restricting_in_the_same_request(ns, cognito_wf):
    update(ns, cognito_wf, WorkforceVpcConfig=VPC)
    wf = update(ns, cognito_wf, WorkforceVpcConfig={}, SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    assert "WorkforceVpcConfig" not in wf
    assert wf["SourceIpConfig"]["Cidrs"] == ["10.0.0.0/16"]


# -- general ---------------------------------------------------------------------------------------
def test_name_only_update_bumps_last_updated_date_only(ns, cognito_wf):
    update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.0.0.0/16"]}, IpAddressType="ipv4")
    before = describe(ns, cognito_wf)
    # Timestamps may have one-second resolution (fractions are allowed, not required): step past it.
    time.sleep(1.1)
    wf = update(ns, cognito_wf)
    assert wf["LastUpdatedDate"] > before["LastUpdatedDate"]
    assert abs(wf["LastUpdatedDate"] - datetime.now(timezone.utc)) < timedelta(seconds=60)
    assert wf["CreateDate"] == before["CreateDate"]
    assert wf["Status"] == "Active"
    assert {k: v for k, v in wf.items() if k != "LastUpdatedDate"} == \
        {k: v for k, v in before.items() if k != "LastUpdatedDate"}
    assert describe(ns, cognito_wf) == wf


def test_update_response_equals_describe(ns, cognito_wf):
    wf = update(ns, cognito_wf, SourceIpConfig={"Cidrs": ["10.0.0.0/16"]}, IpAddressType="dualstack")
    assert wf["WorkforceName"] == cognito_wf
    assert wf["WorkforceArn"] == ns.workforce_arn(cognito_wf)
    assert wf["CognitoConfig"] == COGNITO
    assert wf["Status"] == "Active"
    assert wf["LastUpdatedDate"] >= wf["CreateDate"]
    assert describe(ns, cognito_wf) == wf


def test_update_missing_workforce(ns):
    expect_error(lambda: update(ns, "Missing-Force"), "ValidationException", "No workforce found with name Missing-Force.")


def test_update_other_name_than_the_existing_workforce(ns, cognito_wf):
    other = cognito_wf + "-other"
    expect_error(lambda: update(ns, other, SourceIpConfig={"Cidrs": ["10.0.0.0/8"]}),
                 "ValidationException", f"No workforce found with name {other}.")


def test_update_workforce_of_another_namespace_is_not_found(ns, make_ns, cognito_wf):
    other = make_ns()
    expect_error(lambda: update(other, cognito_wf), "ValidationException", f"No workforce found with name {cognito_wf}.")


def test_shape_errors_come_before_not_found(ns):
    msg = expect_error(lambda: update(ns, "Missing-Force", SourceIpConfig={"Cidrs": wfe.cidrs(11)}),
                       "ValidationException")
    assert re.fullmatch(ELEVEN_RE, msg), msg


def test_several_violations_in_one_message(ns, cognito_wf):
    msg = expect_error(lambda: update(ns, "bad_name!", SourceIpConfig={"Cidrs": wfe.cidrs(11)},
                                      IpAddressType="ipv6"), "ValidationException")
    assert_validation_message(msg, "at 'workforceName' failed to satisfy constraint: Member must satisfy regular "
                                   "expression pattern: ",
                              "at 'sourceIpConfig.cidrs' failed to satisfy constraint: Member must have length less "
                              "than or equal to 10",
                              "at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: "
                              "[ipv4, dualstack]", count=3)


def test_rejected_update_with_valid_and_invalid_parts_changes_nothing(ns, cognito_wf):
    rejected(ns, cognito_wf, "ValidationException", IpAddressType="dualstack",
             SourceIpConfig={"Cidrs": ["10.0.0.0/8", "10.0.0.0/99"]})
    rejected(ns, cognito_wf, "ValidationException", IpAddressType="dualstack", WorkforceVpcConfig={"VpcId": "vpc-1"})
    assert "IpAddressType" not in describe(ns, cognito_wf)
