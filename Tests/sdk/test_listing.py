"""ListWorkforces / ListWorkteams: sorting, filtering, paging (spec §6, §7)."""

from __future__ import annotations

import math
import secrets

import pytest

import wfe
from wfe import expect_error, assert_validation_message, cognito_member

# Created in this (non-sorted) order.
TEAM_NAMES = ["delta", "alpha", "echo", "charlie", "bravo", "golf", "foxtrot"]


@pytest.fixture
def teams(ns, cognito_wf):
    for n in TEAM_NAMES:
        ns.client.create_workteam(WorkteamName=n, MemberDefinitions=[cognito_member()], Description=f"team {n}")
    return list(TEAM_NAMES)


def names(items, key="WorkteamName"):
    return [i[key] for i in items]


def collect(ns, op, key, **kwargs):
    """All items of a list operation by following NextToken by hand; checks NextToken only while more remain."""
    items, token, pages = [], None, 0
    while True:
        args = dict(kwargs)
        if token:
            args["NextToken"] = token
        resp = getattr(ns.client, op)(**args)
        pages += 1
        items.extend(resp[key])
        token = resp.get("NextToken")
        if not token:
            return items, pages
        assert resp[key], "a page with NextToken must not be empty"
        assert pages < 100


# -- ListWorkforces --------------------------------------------------------------------------
def test_list_workforces_empty_namespace(ns):
    resp = ns.client.list_workforces()
    assert resp["Workforces"] == []
    assert "NextToken" not in resp


def test_list_workforces_shows_the_same_object_as_describe(ns, cognito_wf):
    ns.client.update_workforce(WorkforceName=cognito_wf, SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})
    resp = ns.client.list_workforces()
    assert resp["Workforces"] == [ns.client.describe_workforce(WorkforceName=cognito_wf)["Workforce"]]
    assert "NextToken" not in resp


def test_list_workforces_name_contains_is_case_sensitive_substring(ns, create_wf):
    name = "AlphaForce-" + secrets.token_hex(3)
    create_wf(ns, name)
    assert names(ns.client.list_workforces(NameContains="Alpha")["Workforces"], "WorkforceName") == [name]
    assert names(ns.client.list_workforces(NameContains="haFor")["Workforces"], "WorkforceName") == [name]
    assert ns.client.list_workforces(NameContains="alpha")["Workforces"] == []
    assert ns.client.list_workforces(NameContains="Beta")["Workforces"] == []


def test_list_workforces_sort_and_max_results_accepted(ns, cognito_wf):
    for sort_by in ("Name", "CreateDate"):
        for order in ("Ascending", "Descending"):
            resp = ns.client.list_workforces(SortBy=sort_by, SortOrder=order, MaxResults=1)
            assert names(resp["Workforces"], "WorkforceName") == [cognito_wf]
            assert "NextToken" not in resp


def test_list_workforces_paginator(ns, cognito_wf):
    pages = list(ns.client.get_paginator("list_workforces").paginate(PaginationConfig={"PageSize": 1}))
    assert [names(p["Workforces"], "WorkforceName") for p in pages] == [[cognito_wf]]


def test_list_workforces_bad_enums_and_max_results(ns):
    msg = expect_error(lambda: ns.client.list_workforces(SortBy="Size"), "ValidationException")
    assert_validation_message(msg, "Value 'Size' at 'sortBy' failed to satisfy constraint: "
                                   "Member must satisfy enum value set: [Name, CreateDate]")
    msg = expect_error(lambda: ns.client.list_workforces(SortOrder="Up"), "ValidationException")
    assert_validation_message(msg, "Value 'Up' at 'sortOrder' failed to satisfy constraint: "
                                   "Member must satisfy enum value set: [Ascending, Descending]")
    msg = expect_error(lambda: ns.client.list_workforces(MaxResults=101), "ValidationException")
    assert_validation_message(msg, "Value '101' at 'maxResults' failed to satisfy constraint: "
                                   "Member must have value less than or equal to 100")


def test_list_workforces_max_results_zero_via_raw(ns):
    r = ns.raw("ListWorkforces", {"MaxResults": 0})
    assert r.status == 400 and r.json["__type"] == "ValidationException", r.text
    assert_validation_message(r.json["message"], "at 'maxResults' failed to satisfy constraint: "
                                                 "Member must have value greater than or equal to 1")


def test_list_workforces_name_contains_pattern(ns):
    msg = expect_error(lambda: ns.client.list_workforces(NameContains="under_score"), "ValidationException")
    assert_validation_message(msg, "at 'nameContains' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


def test_list_workforces_name_contains_p_dash_is_a_valid_workforce_name(ns, create_wf):
    name = "grou" + "p-" + secrets.token_hex(3)
    create_wf(ns, name)
    assert names(ns.client.list_workforces(NameContains="p-")["Workforces"], "WorkforceName") == [name]


def test_list_workforces_bad_next_token(ns, cognito_wf):
    expect_error(lambda: ns.client.list_workforces(NextToken="not-a-real-token"), "ValidationException")


# -- ListWorkteams ---------------------------------------------------------------------------
def test_list_workteams_empty(ns, cognito_wf):
    resp = ns.client.list_workteams()
    assert resp["Workteams"] == [] and "NextToken" not in resp


def test_list_workteams_items_equal_describe(ns, teams):
    listed = ns.client.list_workteams(SortBy="Name")["Workteams"]
    assert names(listed) == sorted(TEAM_NAMES)
    for item in listed:
        assert item == ns.client.describe_workteam(WorkteamName=item["WorkteamName"])["Workteam"]


def test_list_workteams_sort_by_name(ns, teams):
    assert names(ns.client.list_workteams(SortBy="Name")["Workteams"]) == sorted(TEAM_NAMES)
    assert names(ns.client.list_workteams(SortBy="Name", SortOrder="Ascending")["Workteams"]) == sorted(TEAM_NAMES)
    assert names(ns.client.list_workteams(SortBy="Name", SortOrder="Descending")["Workteams"]) == \
        sorted(TEAM_NAMES, reverse=True)


def test_list_workteams_sort_by_create_date_is_the_default(ns, teams):
    default = ns.client.list_workteams()["Workteams"]
    dates = [t["CreateDate"] for t in default]
    assert dates == sorted(dates)
    if len(set(dates)) == len(dates):  # with distinct timestamps the order is exactly the creation order
        assert names(default) == TEAM_NAMES
    asc = ns.client.list_workteams(SortBy="CreateDate", SortOrder="Ascending")["Workteams"]
    assert asc == default
    desc = ns.client.list_workteams(SortBy="CreateDate", SortOrder="Descending")["Workteams"]
    assert [t["CreateDate"] for t in desc] == sorted(dates, reverse=True)
    if len(set(dates)) == len(dates):
        assert names(desc) == list(reversed(TEAM_NAMES))
    desc_only = ns.client.list_workteams(SortOrder="Descending")["Workteams"]
    assert [t["CreateDate"] for t in desc_only] == sorted(dates, reverse=True)


@pytest.mark.parametrize("page_size", [1, 3, 7, 100])
def test_list_workteams_max_results_and_next_token(ns, teams, page_size):
    full = names(ns.client.list_workteams(SortBy="Name", MaxResults=100)["Workteams"])
    items, pages = collect(ns, "list_workteams", "Workteams", SortBy="Name", MaxResults=page_size)
    assert names(items) == full == sorted(TEAM_NAMES)
    assert pages == math.ceil(len(TEAM_NAMES) / page_size)


def test_list_workteams_page_sizes_exactly(ns, teams):
    first = ns.client.list_workteams(SortBy="Name", SortOrder="Descending", MaxResults=3)
    assert names(first["Workteams"]) == ["golf", "foxtrot", "echo"]
    assert first.get("NextToken")
    second = ns.client.list_workteams(SortBy="Name", SortOrder="Descending", MaxResults=3, NextToken=first["NextToken"])
    assert names(second["Workteams"]) == ["delta", "charlie", "bravo"]
    third = ns.client.list_workteams(SortBy="Name", SortOrder="Descending", MaxResults=3, NextToken=second["NextToken"])
    assert names(third["Workteams"]) == ["alpha"]
    assert "NextToken" not in third


def test_list_workteams_default_max_results_is_ten(ns, cognito_wf):
    for i in range(12):
        ns.client.create_workteam(WorkteamName=f"t{i:02d}", MemberDefinitions=[cognito_member()], Description="d")
    resp = ns.client.list_workteams(SortBy="Name")
    assert names(resp["Workteams"]) == [f"t{i:02d}" for i in range(10)]
    assert resp.get("NextToken")
    rest = ns.client.list_workteams(SortBy="Name", NextToken=resp["NextToken"])
    assert names(rest["Workteams"]) == ["t10", "t11"]
    assert "NextToken" not in rest


def test_list_workteams_no_next_token_when_page_is_exactly_full(ns, cognito_wf):
    for n in ("a1", "a2", "a3"):
        ns.client.create_workteam(WorkteamName=n, MemberDefinitions=[cognito_member()], Description="d")
    resp = ns.client.list_workteams(MaxResults=3)
    assert sorted(names(resp["Workteams"])) == ["a1", "a2", "a3"]
    assert "NextToken" not in resp


def test_list_workteams_paginator_with_page_size(ns, teams):
    pages = list(ns.client.get_paginator("list_workteams").paginate(SortBy="Name", PaginationConfig={"PageSize": 2}))
    assert [len(p["Workteams"]) for p in pages] == [2, 2, 2, 1]
    assert [n for p in pages for n in names(p["Workteams"])] == sorted(TEAM_NAMES)
    built = ns.client.get_paginator("list_workteams").paginate(
        SortBy="Name", PaginationConfig={"PageSize": 2, "MaxItems": 5}).build_full_result()
    assert names(built["Workteams"]) == sorted(TEAM_NAMES)[:5]


def test_list_workteams_name_contains(ns, teams):
    assert names(ns.client.list_workteams(NameContains="a", SortBy="Name")["Workteams"]) == \
        sorted(n for n in TEAM_NAMES if "a" in n)
    assert names(ns.client.list_workteams(NameContains="ho")["Workteams"]) == ["echo"]
    assert ns.client.list_workteams(NameContains="ECHO")["Workteams"] == []
    assert ns.client.list_workteams(NameContains="zulu")["Workteams"] == []
    items, pages = collect(ns, "list_workteams", "Workteams", NameContains="o", SortBy="Name", MaxResults=1)
    assert names(items) == sorted(n for n in TEAM_NAMES if "o" in n)


@pytest.mark.parametrize("bad", ["p-", "-x", "a_b"])
def test_list_workteams_name_contains_is_pattern_checked(ns, teams, bad):
    msg = expect_error(lambda: ns.client.list_workteams(NameContains=bad), "ValidationException")
    assert_validation_message(msg, f"Value '{bad}' at 'nameContains' failed to satisfy constraint: "
                                   "Member must satisfy regular expression pattern: ")


def test_list_workteams_bad_next_token(ns, teams):
    expect_error(lambda: ns.client.list_workteams(NextToken="garbage-token"), "ValidationException")
    expect_error(lambda: ns.client.list_workteams(NextToken="!!not base64 at all!!"), "ValidationException")


def test_list_workteams_bad_enums_and_max_results(ns, cognito_wf):
    msg = expect_error(lambda: ns.client.list_workteams(SortBy="Description"), "ValidationException")
    assert_validation_message(msg, "at 'sortBy' failed to satisfy constraint: "
                                   "Member must satisfy enum value set: [Name, CreateDate]")
    msg = expect_error(lambda: ns.client.list_workteams(MaxResults=500), "ValidationException")
    assert_validation_message(msg, "at 'maxResults' failed to satisfy constraint: "
                                   "Member must have value less than or equal to 100")


def test_list_workteams_only_shows_the_callers_namespace(ns, make_ns, teams):
    other = make_ns()
    other.client.create_workforce(WorkforceName="other-force", CognitoConfig=wfe.COGNITO)
    other.client.create_workteam(WorkteamName="theirs", MemberDefinitions=[cognito_member()], Description="d")
    assert names(other.client.list_workteams()["Workteams"]) == ["theirs"]
    assert "theirs" not in names(ns.client.list_workteams(MaxResults=100)["Workteams"])
