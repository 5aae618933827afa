"""Human task UIs (issue 14): CreateHumanTaskUi / DescribeHumanTaskUi / ListHumanTaskUis / DeleteHumanTaskUi
and tags on their ARNs (human-review-api.md §2, §3, §5, §10).

Decisions this file pins where the spec is silent (the implementation must follow them):
- GET of a UI's `UiTemplate.Url` answers 200 with the stored Content, byte for byte, `Content-Type: text/html`
  (a `charset=utf-8` parameter is allowed); once the UI is deleted the same URL answers 404. The Url is
  built from the request's `Host` header (spec §2), so a client that reached the emulator under another
  host name gets a Url with that name.
- `SortOrder: Descending` is the exact reverse of `Ascending` (CreationTime, then name), ties included; the
  same holds for ListFlowDefinitions.
- ListHumanTaskUis with a NextToken from ListFlowDefinitions, or from another namespace, is a "foreign"
  token: ValidationException.
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone

import pytest

import hr
import wfe
from wfe import expect_error, assert_validation_message

NAME_PATTERN = "[a-z0-9](-*[a-z0-9])*"


def create(ns, name, content=hr.TEMPLATE, **kwargs):
    return ns.client.create_human_task_ui(HumanTaskUiName=name, UiTemplate={"Content": content}, **kwargs)


# -- CreateHumanTaskUi / DescribeHumanTaskUi -----------------------------------------------------
def test_create_returns_the_arn_and_describe_shows_exactly_the_spec_members(ns):
    resp = create(ns, "review-ui")
    assert hr.body(resp) == {"HumanTaskUiArn": f"arn:aws:sagemaker:us-east-1:{ns.account}:human-task-ui/review-ui"}
    ui = hr.describe_ui(ns, "review-ui")
    wfe.no_nulls(ui)
    assert set(ui) == {"HumanTaskUiArn", "HumanTaskUiName", "HumanTaskUiStatus", "CreationTime", "UiTemplate"}
    assert ui["HumanTaskUiArn"] == resp["HumanTaskUiArn"]
    assert ui["HumanTaskUiName"] == "review-ui"
    assert ui["HumanTaskUiStatus"] == "Active"
    assert set(ui["UiTemplate"]) == {"Url", "ContentSha256"}, "Content is never returned"
    assert abs(ui["CreationTime"] - datetime.now(timezone.utc)) < timedelta(seconds=60)


def test_describe_over_raw_http_never_carries_the_content(ns):
    create(ns, "raw-ui")
    r = ns.raw("DescribeHumanTaskUi", {"HumanTaskUiName": "raw-ui"})
    assert r.status == 200, r.text
    assert r.header("Content-Type").startswith("application/x-amz-json-1.1")
    doc = r.json
    assert isinstance(doc["CreationTime"], (int, float)) and not isinstance(doc["CreationTime"], bool)
    assert "Content" not in doc["UiTemplate"]
    assert "crowd-form" not in r.text, "the template's text must not appear anywhere in Describe"


def test_content_sha256_is_the_hex_sha256_of_the_utf8_content_and_stable(ns):
    create(ns, "hashed")
    first = hr.describe_ui(ns, "hashed")["UiTemplate"]["ContentSha256"]
    assert first == hr.sha256_hex(hr.TEMPLATE)
    assert first == first.lower() and len(first) == 64
    assert hr.describe_ui(ns, "hashed")["UiTemplate"]["ContentSha256"] == first
    create(ns, "hashed-other", content=hr.TEMPLATE + "<!-- v2 -->")
    assert hr.describe_ui(ns, "hashed-other")["UiTemplate"]["ContentSha256"] == hr.sha256_hex(hr.TEMPLATE + "<!-- v2 -->")


def test_content_is_stored_as_given_not_parsed(ns):
    odd = "{{ unclosed liquid <div><p>not html at all & </span>\r\n\t  "
    create(ns, "odd")
    create(ns, "odd-2", content=odd)
    ui = hr.describe_ui(ns, "odd-2")
    assert ui["UiTemplate"]["ContentSha256"] == hr.sha256_hex(odd)
    r = ns.emulator.http("GET", hr.template_path(ui["UiTemplate"]["Url"], ns.emulator))
    assert r.body == odd.encode("utf-8")


def test_url_is_served_by_the_emulator_as_html_with_the_content(ns):
    create(ns, "served")
    url = hr.describe_ui(ns, "served")["UiTemplate"]["Url"]
    assert url == hr.expected_template_url(ns, "served")
    r = ns.emulator.http("GET", hr.template_path(url, ns.emulator))
    assert r.status == 200
    assert r.header("Content-Type").split(";")[0].strip() == "text/html"
    assert r.body == hr.TEMPLATE.encode("utf-8")
    assert hr.sha256_hex(r.body.decode("utf-8")) == hr.describe_ui(ns, "served")["UiTemplate"]["ContentSha256"]


def test_url_follows_the_host_the_client_used(ns):
    create(ns, "hosted")
    r = ns.raw("DescribeHumanTaskUi", {"HumanTaskUiName": "hosted"},
               extra_headers={"Host": f"sagemaker.emulator.internal:{ns.emulator.port}"})
    assert r.status == 200, r.text
    assert r.json["UiTemplate"]["Url"] == hr.expected_template_url(
        ns, "hosted", base=f"http://sagemaker.emulator.internal:{ns.emulator.port}")


def test_url_of_a_deleted_ui_is_not_found(ns):
    create(ns, "short-lived")
    path = hr.template_path(hr.describe_ui(ns, "short-lived")["UiTemplate"]["Url"], ns.emulator)
    assert ns.emulator.http("GET", path).status == 200
    ns.client.delete_human_task_ui(HumanTaskUiName="short-lived")
    assert ns.emulator.http("GET", path).status == 404


@pytest.mark.parametrize("region,part", [("us-east-1", "aws"), ("eu-central-1", "aws"), ("cn-north-1", "aws-cn"),
                                         ("us-gov-west-1", "aws-us-gov")])
def test_arn_carries_partition_region_and_account(make_ns, region, part):
    ns = make_ns(region=region)
    arn = create(ns, "part-ui")["HumanTaskUiArn"]
    assert arn == f"arn:{part}:sagemaker:{region}:{ns.account}:human-task-ui/part-ui"
    assert hr.describe_ui(ns, "part-ui")["HumanTaskUiArn"] == arn
    assert hr.describe_ui(ns, "part-ui")["UiTemplate"]["Url"] == hr.expected_template_url(ns, "part-ui")


def test_ui_is_active_at_once_even_with_a_transition_delay(emulator_factory):
    emu = emulator_factory(delay=3600)
    ns = emu.namespace()
    create(ns, "no-wait")
    assert hr.describe_ui(ns, "no-wait")["HumanTaskUiStatus"] == "Active"
    assert hr.ui_names(ns) == ["no-wait"]


def test_duplicate_name_is_resource_in_use_and_changes_nothing(ns):
    create(ns, "dup-ui", content="<p>first</p>")
    before = hr.describe_ui(ns, "dup-ui")
    expect_error(lambda: create(ns, "dup-ui", content="<p>second</p>"), "ResourceInUse", hr.ui_in_use("dup-ui"), status=400)
    assert hr.describe_ui(ns, "dup-ui") == before
    assert before["UiTemplate"]["ContentSha256"] == hr.sha256_hex("<p>first</p>")


def test_empty_content_is_refused_with_the_exact_message(ns):
    # Terraform sends Content "" when `ui_template {}` has no content (spec §3.2); boto3 would refuse it
    # client-side, so send it without client-side validation.
    client = wfe.lenient_client(ns)
    expect_error(lambda: client.create_human_task_ui(HumanTaskUiName="empty", UiTemplate={"Content": ""}),
                 "ValidationException",
                 "2 validation errors detected: "
                 "Value '' at 'uiTemplate.content' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                 "Value '' at 'uiTemplate.content' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S\\s]+")
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName="empty"), "ResourceNotFound", hr.ui_not_found("empty"))


def test_required_members(ns):
    client = wfe.lenient_client(ns)
    expect_error(lambda: client.create_human_task_ui(HumanTaskUiName="no-template"), "ValidationException",
                 "1 validation error detected: Value null at 'uiTemplate' failed to satisfy constraint: Member must not be null")
    expect_error(lambda: client.create_human_task_ui(HumanTaskUiName="no-content", UiTemplate={}), "ValidationException",
                 "1 validation error detected: Value null at 'uiTemplate.content' failed to satisfy constraint: Member must not be null")
    r = ns.raw("CreateHumanTaskUi", {"UiTemplate": {"Content": "<p/>"}})
    hr.raw_error(r, "ValidationException", "1 validation error detected: Value null at 'humanTaskUiName' "
                                           "failed to satisfy constraint: Member must not be null")
    assert hr.ui_names(ns) == []


def test_content_length_limit(ns):
    create(ns, "max-content", content="x" * 128000)
    assert hr.describe_ui(ns, "max-content")["UiTemplate"]["ContentSha256"] == hr.sha256_hex("x" * 128000)
    msg = expect_error(lambda: create(ns, "too-much", content="x" * 128001), "ValidationException")
    assert_validation_message(msg, "at 'uiTemplate.content' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 128000", count=1)
    assert hr.ui_names(ns) == ["max-content"]


def test_whitespace_only_content_is_valid(ns):
    create(ns, "blank", content=" \n\t ")
    assert hr.describe_ui(ns, "blank")["UiTemplate"]["ContentSha256"] == hr.sha256_hex(" \n\t ")


def test_content_of_the_wrong_json_type_is_a_serialization_exception(ns):
    r = ns.raw("CreateHumanTaskUi", {"HumanTaskUiName": "typed", "UiTemplate": {"Content": 42}})
    hr.raw_error(r, "SerializationException")
    r = ns.raw("CreateHumanTaskUi", {"HumanTaskUiName": "typed", "UiTemplate": "<p/>"})
    hr.raw_error(r, "SerializationException")
    assert hr.ui_names(ns) == []


@pytest.mark.parametrize("bad", ["Upper", "review_ui", "-ui", "ui-", "ui.v2", "ui--", "UI", "a b"])
def test_name_pattern_is_lowercase_only(ns, bad):
    expect_error(lambda: create(ns, bad), "ValidationException",
                 f"1 validation error detected: Value '{bad}' at 'humanTaskUiName' failed to satisfy constraint: "
                 f"Member must satisfy regular expression pattern: {NAME_PATTERN}")
    assert hr.ui_names(ns) == []


def test_name_lengths(ns):
    create(ns, "a" * 63)
    create(ns, "0")
    create(ns, "a--b-c9")
    assert sorted(hr.ui_names(ns)) == sorted(["0", "a" * 63, "a--b-c9"])
    expect_error(lambda: create(ns, "b" * 64), "ValidationException",
                 f"1 validation error detected: Value '{'b' * 64}' at 'humanTaskUiName' failed to satisfy constraint: "
                 "Member must have length less than or equal to 63")
    client = wfe.lenient_client(ns)
    msg = expect_error(lambda: client.create_human_task_ui(HumanTaskUiName="", UiTemplate={"Content": "x"}),
                       "ValidationException")
    assert_validation_message(msg, "Value '' at 'humanTaskUiName' failed to satisfy constraint: "
                                   "Member must have length greater than or equal to 1")


def test_describe_missing_is_resource_not_found_with_the_spec_text(ns):
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName="ghost-ui"), "ResourceNotFound",
                 hr.ui_not_found("ghost-ui"), status=400)
    with pytest.raises(ns.client.exceptions.ResourceNotFound):
        ns.client.describe_human_task_ui(HumanTaskUiName="ghost-ui")
    # the code has no Exception suffix, in the header and the body alike (Go v2 maps it by the header)
    r = ns.raw("DescribeHumanTaskUi", {"HumanTaskUiName": "ghost-ui"})
    hr.raw_error(r, "ResourceNotFound", hr.ui_not_found("ghost-ui"))


def test_describe_and_delete_check_the_name_shape_before_existence(ns):
    pattern_msg = ("1 validation error detected: Value 'Ghost' at 'humanTaskUiName' failed to satisfy constraint: "
                   f"Member must satisfy regular expression pattern: {NAME_PATTERN}")
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName="Ghost"), "ValidationException", pattern_msg)
    expect_error(lambda: ns.client.delete_human_task_ui(HumanTaskUiName="Ghost"), "ValidationException", pattern_msg)


# -- DeleteHumanTaskUi ------------------------------------------------------------------------------
def test_delete_is_gone_at_once_and_frees_the_name(ns):
    arn = create(ns, "doomed-ui", content="<p>old</p>", Tags=[{"Key": "k", "Value": "v"}])["HumanTaskUiArn"]
    created = hr.describe_ui(ns, "doomed-ui")["CreationTime"]
    assert hr.body(ns.client.delete_human_task_ui(HumanTaskUiName="doomed-ui")) == {}
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName="doomed-ui"), "ResourceNotFound",
                 hr.ui_not_found("doomed-ui"))
    assert hr.ui_names(ns) == []
    # its tags went with it
    expect_error(lambda: ns.client.list_tags(ResourceArn=arn), "ValidationException", hr.resource_missing(arn))
    time.sleep(0.01)
    # same name again: same ARN, new content, new CreationTime, no tags (spec §10)
    assert create(ns, "doomed-ui", content="<p>new</p>")["HumanTaskUiArn"] == arn
    ui = hr.describe_ui(ns, "doomed-ui")
    assert ui["UiTemplate"]["ContentSha256"] == hr.sha256_hex("<p>new</p>")
    assert ui["CreationTime"] >= created
    assert ns.client.list_tags(ResourceArn=arn)["Tags"] == []
    r = ns.emulator.http("GET", hr.template_path(ui["UiTemplate"]["Url"], ns.emulator))
    assert r.body == b"<p>new</p>"


def test_delete_missing_is_resource_not_found(ns):
    expect_error(lambda: ns.client.delete_human_task_ui(HumanTaskUiName="never-was"), "ResourceNotFound",
                 hr.ui_not_found("never-was"))
    create(ns, "once")
    ns.client.delete_human_task_ui(HumanTaskUiName="once")
    expect_error(lambda: ns.client.delete_human_task_ui(HumanTaskUiName="once"), "ResourceNotFound",
                 hr.ui_not_found("once"))


# -- ListHumanTaskUis -----------------------------------------------------------------------------
def test_list_empty_namespace(ns):
    resp = hr.body(ns.client.list_human_task_uis())
    assert resp == {"HumanTaskUiSummaries": []}


def test_list_summaries_carry_name_arn_and_creation_time_only(ns):
    create(ns, "listed")
    (summary,) = ns.client.list_human_task_uis()["HumanTaskUiSummaries"]
    ui = hr.describe_ui(ns, "listed")
    assert summary == {"HumanTaskUiName": "listed", "HumanTaskUiArn": ui["HumanTaskUiArn"],
                       "CreationTime": ui["CreationTime"]}


def _three_uis_one_second_apart(ns):
    """UIs a, b, c created ~1 s apart (raw CreationTime numbers, exactly as the server sent them)."""
    times = {}
    for i, name in enumerate(["ui-a", "ui-b", "ui-c"]):
        if i:
            time.sleep(1.05)
        create(ns, name)
        times[name] = ns.raw("DescribeHumanTaskUi", {"HumanTaskUiName": name}).json["CreationTime"]
    assert times["ui-a"] < times["ui-b"] < times["ui-c"]
    return times


def raw_list_names(ns, **members):
    r = ns.raw("ListHumanTaskUis", members)
    assert r.status == 200, r.text
    return [s["HumanTaskUiName"] for s in r.json["HumanTaskUiSummaries"]]


def test_list_order_filters_and_paging(ns):
    times = _three_uis_one_second_apart(ns)
    # default order Ascending by CreationTime; explicit orders
    assert hr.ui_names(ns) == ["ui-a", "ui-b", "ui-c"]
    assert hr.ui_names(ns, SortOrder="Ascending") == ["ui-a", "ui-b", "ui-c"]
    assert hr.ui_names(ns, SortOrder="Descending") == ["ui-c", "ui-b", "ui-a"]
    # CreationTimeAfter is inclusive, CreationTimeBefore exclusive: the exact stored instant
    b = times["ui-b"]
    assert raw_list_names(ns, CreationTimeAfter=b) == ["ui-b", "ui-c"]
    assert raw_list_names(ns, CreationTimeBefore=b) == ["ui-a"]
    assert raw_list_names(ns, CreationTimeAfter=b, CreationTimeBefore=times["ui-c"]) == ["ui-b"]
    assert raw_list_names(ns, CreationTimeAfter=times["ui-c"] + 0.5) == []
    # the same through boto3's datetime parameters: botocore sends awsJson timestamps as whole seconds
    # (serialize.py `_timestamp_unixtimestamp`), so take b's whole second, which lies after a (1.05 s earlier)
    after_b = datetime.fromtimestamp(math.floor(b), timezone.utc)
    assert hr.ui_names(ns, CreationTimeAfter=after_b, SortOrder="Descending") == ["ui-c", "ui-b"]
    # paging: MaxResults 2 then the token
    first = ns.client.list_human_task_uis(MaxResults=2)
    assert [s["HumanTaskUiName"] for s in first["HumanTaskUiSummaries"]] == ["ui-a", "ui-b"]
    assert first["NextToken"]
    rest = ns.client.list_human_task_uis(MaxResults=2, NextToken=first["NextToken"])
    assert [s["HumanTaskUiName"] for s in rest["HumanTaskUiSummaries"]] == ["ui-c"]
    assert "NextToken" not in rest
    # paging keeps the order and the filters
    down = ns.client.list_human_task_uis(MaxResults=1, SortOrder="Descending", CreationTimeBefore=after_b + timedelta(seconds=5))
    assert [s["HumanTaskUiName"] for s in down["HumanTaskUiSummaries"]] == ["ui-c"]
    nxt = ns.client.list_human_task_uis(MaxResults=1, SortOrder="Descending", CreationTimeBefore=after_b + timedelta(seconds=5),
                                        NextToken=down["NextToken"])
    assert [s["HumanTaskUiName"] for s in nxt["HumanTaskUiSummaries"]] == ["ui-b"]


def test_same_second_ties_are_ordered_by_name(ns):
    for name in ["tie-c", "tie-a", "tie-b"]:
        create(ns, name)
    listed = ns.client.list_human_task_uis()["HumanTaskUiSummaries"]
    # by CreationTime, then name: whenever two share an instant the name decides
    keys = [(s["CreationTime"], s["HumanTaskUiName"]) for s in listed]
    assert keys == sorted(keys)
    desc = ns.client.list_human_task_uis(SortOrder="Descending")["HumanTaskUiSummaries"]
    assert [s["HumanTaskUiName"] for s in desc] == [s["HumanTaskUiName"] for s in reversed(listed)]


def test_max_results_defaults_to_ten_and_paginator_yields_all(ns):
    names = [f"page-{i:02d}" for i in range(12)]
    for n in names:
        create(ns, n)
    first = ns.client.list_human_task_uis()
    assert len(first["HumanTaskUiSummaries"]) == 10 and first["NextToken"]
    pages = list(ns.client.get_paginator("list_human_task_uis").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["HumanTaskUiSummaries"]) for p in pages] == [5, 5, 2]
    assert sorted(s["HumanTaskUiName"] for p in pages for s in p["HumanTaskUiSummaries"]) == names
    full = ns.client.list_human_task_uis(MaxResults=100)
    assert len(full["HumanTaskUiSummaries"]) == 12 and "NextToken" not in full


def test_list_parameter_validation(ns):
    client = wfe.lenient_client(ns)
    msg = expect_error(lambda: client.list_human_task_uis(MaxResults=0), "ValidationException")
    assert_validation_message(msg, "Value '0' at 'maxResults' failed to satisfy constraint: "
                                   "Member must have value greater than or equal to 1")
    msg = expect_error(lambda: client.list_human_task_uis(MaxResults=101), "ValidationException")
    assert_validation_message(msg, "Value '101' at 'maxResults' failed to satisfy constraint: "
                                   "Member must have value less than or equal to 100")
    msg = expect_error(lambda: client.list_human_task_uis(SortOrder="Sideways"), "ValidationException")
    assert_validation_message(msg, "Value 'Sideways' at 'sortOrder' failed to satisfy constraint: "
                                   "Member must satisfy enum value set: [Ascending, Descending]")
    expect_error(lambda: client.list_human_task_uis(NextToken="not-a-token"), "ValidationException")
    hr.raw_error(ns.raw("ListHumanTaskUis", {"CreationTimeAfter": "yesterday"}), "SerializationException")


def test_foreign_next_tokens_are_refused(ns, make_ns):
    refs = hr.Refs(ns)
    for i in range(3):
        create(ns, f"tok-{i}")
        refs.create(f"tok-fd-{i}")
    fd_token = ns.client.list_flow_definitions(MaxResults=1)["NextToken"]
    expect_error(lambda: ns.client.list_human_task_uis(MaxResults=1, NextToken=fd_token), "ValidationException")
    other = make_ns()
    for i in range(3):
        create(other, f"tok-{i}")
    other_token = other.client.list_human_task_uis(MaxResults=1)["NextToken"]
    expect_error(lambda: ns.client.list_human_task_uis(MaxResults=1, NextToken=other_token), "ValidationException")


# -- namespaces -------------------------------------------------------------------------------------
def test_uis_are_per_namespace(ns, make_ns):
    create(ns, "shared-name", content="<p>mine</p>")
    other_account = make_ns()
    other_region = make_ns(region="eu-west-1", account=ns.account)
    for other in (other_account, other_region):
        expect_error(lambda: other.client.describe_human_task_ui(HumanTaskUiName="shared-name"), "ResourceNotFound",
                     hr.ui_not_found("shared-name"))
        assert other.client.list_human_task_uis()["HumanTaskUiSummaries"] == []
        expect_error(lambda: other.client.delete_human_task_ui(HumanTaskUiName="shared-name"), "ResourceNotFound")
        arn = create(other, "shared-name", content="<p>theirs</p>")["HumanTaskUiArn"]
        assert arn == wfe.human_task_ui_arn(other, "shared-name") != wfe.human_task_ui_arn(ns, "shared-name")
    assert hr.describe_ui(ns, "shared-name")["UiTemplate"]["ContentSha256"] == hr.sha256_hex("<p>mine</p>")
    assert hr.describe_ui(other_region, "shared-name")["UiTemplate"]["ContentSha256"] == hr.sha256_hex("<p>theirs</p>")


def test_a_ui_and_a_flow_definition_may_share_a_name(ns):
    refs = hr.Refs(ns, ui="same-name")
    refs.create("same-name")
    assert hr.describe_ui(ns, "same-name")["HumanTaskUiName"] == "same-name"
    assert hr.describe_fd(ns, "same-name")["FlowDefinitionName"] == "same-name"


# -- tags on human-task-ui ARNs (§5) ---------------------------------------------------------------
def test_tags_given_at_create_are_listed_at_once(ns):
    arn = create(ns, "tagged-ui", Tags=[{"Key": "env", "Value": "test"}, {"Key": "owner", "Value": "qa"}])["HumanTaskUiArn"]
    assert hr.tags_of(ns, arn) == {"env": "test", "owner": "qa"}
    assert "Tags" not in hr.describe_ui(ns, "tagged-ui")


def test_ui_without_tags_lists_none(ns):
    arn = create(ns, "bare-ui")["HumanTaskUiArn"]
    assert hr.body(ns.client.list_tags(ResourceArn=arn)) == {"Tags": []}


def test_add_overwrites_and_delete_removes_by_key(ns):
    arn = create(ns, "retag", Tags=[{"Key": "key1", "Value": "value1"}])["HumanTaskUiArn"]
    added = ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "key1", "Value": "value1updated"},
                                                      {"Key": "key2", "Value": "value2"}])
    assert added["Tags"] == [{"Key": "key1", "Value": "value1updated"}, {"Key": "key2", "Value": "value2"}]
    assert hr.tags_of(ns, arn) == {"key1": "value1updated", "key2": "value2"}
    assert hr.body(ns.client.delete_tags(ResourceArn=arn, TagKeys=["key1"])) == {}
    assert hr.tags_of(ns, arn) == {"key2": "value2"}


def test_tag_limits_and_reserved_prefix_on_ui_arns(ns):
    small = create(ns, "reserved", Tags=[{"Key": "k", "Value": "v"}])["HumanTaskUiArn"]
    msg = expect_error(lambda: ns.client.add_tags(ResourceArn=small, Tags=[{"Key": "aws:owner", "Value": "x"}]),
                       "ValidationException")
    assert "aws:" in msg
    assert hr.tags_of(ns, small) == {"k": "v"}
    arn = create(ns, "limits", Tags=[{"Key": f"k{i:02d}", "Value": "v"} for i in range(50)])["HumanTaskUiArn"]
    assert len(hr.tags_of(ns, arn)) == 50
    expect_error(lambda: ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "one-more", "Value": "x"}]), "ValidationException")
    assert len(hr.tags_of(ns, arn)) == 50
    ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "k00", "Value": "overwritten"}])  # not an addition
    assert hr.tags_of(ns, arn)["k00"] == "overwritten"
    msg = expect_error(lambda: create(ns, "too-many-tags", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]),
                       "ValidationException")
    assert_validation_message(msg, "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
    expect_error(lambda: create(ns, "reserved-tag", Tags=[{"Key": "aws:team", "Value": "x"}]), "ValidationException")
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName="reserved-tag"), "ResourceNotFound")
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName="too-many-tags"), "ResourceNotFound")


def test_tag_calls_on_ui_arns_that_name_nothing_here(ns, make_ns):
    other = make_ns()
    theirs = create(other, "theirs")["HumanTaskUiArn"]
    aws_owned = f"arn:aws:sagemaker:us-east-1:{wfe.PUBLIC_CROWD_ACCOUNT}:human-task-ui/NamedEntityRecognition"
    for arn in (wfe.human_task_ui_arn(ns, "no-such-ui"), theirs, aws_owned):
        expect_error(lambda: ns.client.list_tags(ResourceArn=arn), "ValidationException", hr.resource_missing(arn))
        expect_error(lambda: ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]), "ValidationException",
                     hr.resource_missing(arn))
        expect_error(lambda: ns.client.delete_tags(ResourceArn=arn, TagKeys=["k"]), "ValidationException",
                     hr.resource_missing(arn))
    assert other.client.list_tags(ResourceArn=theirs)["Tags"] == []
