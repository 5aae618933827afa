"""Flow definitions (issue 14): CreateFlowDefinition / DescribeFlowDefinition / ListFlowDefinitions /
DeleteFlowDefinition, their lifecycle, the §4.3 rules in order, tags on their ARNs and the admin API
(human-review-api.md §4, §5, §6, §10).

Decisions this file pins where the spec is silent (the implementation must follow them):
- Admin fault for a flow definition: `POST /_emulator/faults` with
  `{"failTransition": {"flowDefinitionName": "<name>", "reason": "<1-1024 chars>"}, "account"?: ..., "region"?: ...}`
  (exactly one of `workforceName` / `flowDefinitionName`; a `workforceName` fault never touches a flow
  definition and vice versa). As for workforces: if a matching flow definition is `Initializing` now, that
  transition ends `Failed` and the answer is `{"armed": "pendingTransition", "failed": [<FlowDefinitionArn>]}`;
  otherwise the fault waits for the next CreateFlowDefinition of that name and the answer is
  `{"armed": "nextTransition", "flowDefinitionName": <name>, "id": N}`. Only `Initializing -> Active` can be
  failed; `Deleting` always ends with the definition gone. `Failed` is persisted; a `Failed` definition can be
  deleted (-> `Deleting` -> gone) and its `FailureReason` shows in Describe and in its List summary.
- Operation faults (`{"operation": ...}`) accept the eight new operation names.
- Activation conditions (rule 4) "nested at most two levels" = at most two levels of `And`/`Or`:
  `{"Or": [{"And": [simple, simple]}, simple]}` is accepted, an `And`/`Or` inside that inner one is refused.
  A `ConditionParameters` that is not a JSON object is refused; its contents are never checked.
- `PublicWorkforceTaskPrice: {}` (no `AmountInUsd`) with the public crowd counts as "no price" (the
  `PublicWorkforceTaskPrice is required ...` message).
- The 12-hour cap with the public crowd has no spec text: only the code (ValidationException) is checked.
- Tag calls on a flow definition whose deletion has finished answer `Resource <arn> does not exist.`
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import botocore.session
import pytest

import hr
import wfe
from wfe import expect_error, assert_validation_message

MODEL = botocore.session.get_session().get_service_model("sagemaker")


def pattern(shape: str) -> str:
    """A shape's pattern exactly as the service model (and so the emulator's messages) writes it."""
    return MODEL.shape_for(shape).metadata["pattern"]


def one_error(value, path, constraint) -> str:
    rendered = "null" if value is None else f"'{value}'"
    return f"1 validation error detected: Value {rendered} at '{path}' failed to satisfy constraint: {constraint}"


def send(ns, req):
    """CreateFlowDefinition without client-side validation (the server must refuse what boto3 would)."""
    return wfe.lenient_client(ns).create_flow_definition(**req)


def refused(ns, req, code, message=None, *, prefix=None) -> str:
    """Asserts the create is refused with `code` (and exact `message` or `prefix`), and left nothing behind."""
    before = hr.fd_names(ns)
    msg = expect_error(lambda: send(ns, req), code, message)
    if prefix is not None:
        assert msg.startswith(prefix), msg
    assert hr.fd_names(ns) == before, "a refused create left a flow definition behind"
    name = req.get("FlowDefinitionName")
    if isinstance(name, str) and name not in before and 1 <= len(name) <= 63 and name.islower():
        expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName=name), "ResourceNotFound")
        arn = wfe.flow_definition_arn(ns, name)
        expect_error(lambda: ns.client.list_tags(ResourceArn=arn), "ValidationException", hr.resource_missing(arn))
    return msg


@pytest.fixture
def refs(ns) -> hr.Refs:
    """An Active private work team and a UI in `ns`."""
    return hr.Refs(ns)


# -- create / describe: every member echoed, absent stays absent ------------------------------------
def test_minimal_create_is_echoed_with_nothing_filled_in(ns, refs):
    req = refs.request("minimal-fd")
    resp = ns.client.create_flow_definition(**req)
    assert hr.body(resp) == {"FlowDefinitionArn": f"arn:aws:sagemaker:us-east-1:{ns.account}:flow-definition/minimal-fd"}
    fd = hr.describe_fd(ns, "minimal-fd")
    wfe.no_nulls(fd)
    assert fd["FlowDefinitionArn"] == resp["FlowDefinitionArn"]
    assert fd["FlowDefinitionStatus"] == "Active"  # transition delay 0: the first Describe shows Active
    assert abs(fd["CreationTime"] - datetime.now(timezone.utc)) < timedelta(seconds=60)
    assert hr.described(fd) == hr.echoed(req)
    for absent in ("HumanLoopRequestSource", "HumanLoopActivationConfig", "FailureReason"):
        assert absent not in fd
    for absent in ("TaskAvailabilityLifetimeInSeconds", "TaskTimeLimitInSeconds", "TaskKeywords", "PublicWorkforceTaskPrice"):
        assert absent not in fd["HumanLoopConfig"], f"{absent} was not sent, so it must stay absent"
    assert "KmsKeyId" not in fd["OutputConfig"]


def test_every_member_is_echoed_as_sent(ns, refs):
    conditions = ('{ "Conditions": [ {"Or": [ {"ConditionType": "ImportantFormKeyConfidenceCheck", '
                  '"ConditionParameters": {"ImportantFormKey": "Mail address", "KeyValueBlockConfidenceLessThan": 60}}, '
                  '{"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": 10}} ] } ] }')
    req = refs.request(
        "full-fd",
        OutputConfig={"S3OutputPath": "s3://review-bucket/a2i/output", "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab"},
        loop={"TaskAvailabilityLifetimeInSeconds": 864000, "TaskTimeLimitInSeconds": 28800,
              "TaskKeywords": ["Forms", "Document review", "PII"], "TaskCount": 3,
              "TaskTitle": "Überprüfung\tder Formulare", "TaskDescription": "Für jedes Feld: stimmt der Wert?"},
        HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.TEXTRACT},
        HumanLoopActivationConfig=hr.activation(conditions),
        Tags=[{"Key": "team", "Value": "docs"}])
    ns.client.create_flow_definition(**req)
    fd = hr.describe_fd(ns, "full-fd")
    assert hr.described(fd) == hr.echoed(req)
    assert "Tags" not in fd
    # the conditions document comes back as the very same string
    raw = ns.raw("DescribeFlowDefinition", {"FlowDefinitionName": "full-fd"}).json
    assert raw["HumanLoopActivationConfig"]["HumanLoopActivationConditionsConfig"]["HumanLoopActivationConditions"] == conditions
    assert isinstance(raw["CreationTime"], (int, float))


def test_request_source_without_activation_config_is_accepted(ns, refs):
    req = refs.create("source-only", HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.REKOGNITION})
    fd = hr.describe_fd(ns, "source-only")
    assert fd["HumanLoopRequestSource"] == {"AwsManagedHumanLoopRequestSource": hr.REKOGNITION}
    assert "HumanLoopActivationConfig" not in fd
    assert hr.described(fd) == hr.echoed(req)


@pytest.mark.parametrize("region,part", [("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")])
def test_arns_carry_the_partition(make_ns, region, part):
    ns = make_ns(region=region)
    refs = hr.Refs(ns)
    assert refs.team_arn.startswith(f"arn:{part}:sagemaker:{region}:{ns.account}:workteam/private-crowd/")
    refs.create("part-fd")
    assert hr.describe_fd(ns, "part-fd")["FlowDefinitionArn"] == f"arn:{part}:sagemaker:{region}:{ns.account}:flow-definition/part-fd"
    # the Mechanical Turk team of the request's own partition and region
    ns.client.create_flow_definition(**hr.flow_request(
        ns, "part-public", wfe.public_crowd_arn(ns), refs.ui_arn, loop={"PublicWorkforceTaskPrice": hr.price(0, 1, 2)}))
    assert hr.describe_fd(ns, "part-public")["HumanLoopConfig"]["WorkteamArn"] == \
        f"arn:{part}:sagemaker:{region}:394669845002:workteam/public-crowd/default"


def test_public_crowd_needs_no_workforce_and_the_price_is_echoed_as_sent(ns):
    ui = hr.create_ui(ns, "public-ui")
    assert ns.client.list_workforces()["Workforces"] == []
    with_zero = hr.flow_request(ns, "public-fd", wfe.public_crowd_arn(ns), ui,
                                loop={"PublicWorkforceTaskPrice": hr.price(0, 1, 2), "TaskAvailabilityLifetimeInSeconds": 1,
                                      "TaskTimeLimitInSeconds": 3600})
    ns.client.create_flow_definition(**with_zero)
    fd = hr.describe_fd(ns, "public-fd")
    assert fd["HumanLoopConfig"]["PublicWorkforceTaskPrice"] == {"AmountInUsd": {"Dollars": 0, "Cents": 1, "TenthFractionsOfACent": 2}}
    assert hr.described(fd) == hr.echoed(with_zero)
    # sub-members not sent stay absent
    partial = hr.flow_request(ns, "public-fd-2", wfe.public_crowd_arn(ns), ui, loop={"PublicWorkforceTaskPrice": hr.price(cents=2, tenths=4)})
    ns.client.create_flow_definition(**partial)
    assert hr.describe_fd(ns, "public-fd-2")["HumanLoopConfig"]["PublicWorkforceTaskPrice"] == \
        {"AmountInUsd": {"Cents": 2, "TenthFractionsOfACent": 4}}
    assert ns.client.list_workforces()["Workforces"] == [] and ns.client.list_workteams()["Workteams"] == []


def test_describe_missing_is_resource_not_found_with_the_spec_text(ns):
    expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName="ghost-fd"), "ResourceNotFound",
                 hr.fd_not_found("ghost-fd"), status=400)
    with pytest.raises(ns.client.exceptions.ResourceNotFound):
        ns.client.describe_flow_definition(FlowDefinitionName="ghost-fd")
    hr.raw_error(ns.raw("DescribeFlowDefinition", {"FlowDefinitionName": "ghost-fd"}), "ResourceNotFound", hr.fd_not_found("ghost-fd"))
    hr.raw_error(ns.raw("DeleteFlowDefinition", {"FlowDefinitionName": "ghost-fd"}), "ResourceNotFound", hr.fd_not_found("ghost-fd"))


def test_describe_and_delete_check_the_name_shape_before_existence(ns):
    msg = one_error("Ghost", "flowDefinitionName", f"Member must satisfy regular expression pattern: {pattern('FlowDefinitionName')}")
    expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName="Ghost"), "ValidationException", msg)
    expect_error(lambda: ns.client.delete_flow_definition(FlowDefinitionName="Ghost"), "ValidationException", msg)


def test_flow_definitions_are_per_namespace(ns, make_ns, refs):
    refs.create("mine-fd")
    for other in (make_ns(), make_ns(region="eu-west-1", account=ns.account)):
        expect_error(lambda: other.client.describe_flow_definition(FlowDefinitionName="mine-fd"), "ResourceNotFound",
                     hr.fd_not_found("mine-fd"))
        expect_error(lambda: other.client.delete_flow_definition(FlowDefinitionName="mine-fd"), "ResourceNotFound")
        assert other.client.list_flow_definitions()["FlowDefinitionSummaries"] == []
        hr.Refs(other).create("mine-fd")
        assert hr.describe_fd(other, "mine-fd")["FlowDefinitionArn"] == wfe.flow_definition_arn(other, "mine-fd")
    assert hr.describe_fd(ns, "mine-fd")["FlowDefinitionStatus"] == "Active"


# -- lifecycle --------------------------------------------------------------------------------------
DELAY = 1.0


def test_initializing_active_deleting_gone_with_a_delay(emulator_factory):
    emu = emulator_factory(delay=DELAY)
    ns = emu.namespace()
    refs = hr.Refs(ns)
    t0 = time.monotonic()
    req = refs.create("life-fd", Tags=[{"Key": "stage", "Value": "one"}])
    fd = hr.describe_fd(ns, "life-fd")
    assert time.monotonic() - t0 < DELAY * 0.8, "too slow to observe Initializing"
    assert fd["FlowDefinitionStatus"] == "Initializing"
    assert hr.described(fd) == hr.echoed(req)
    created = fd["CreationTime"]
    # tags are listed at once, also while Initializing; the list shows the status
    assert hr.tags_of(ns, wfe.flow_definition_arn(ns, "life-fd")) == {"stage": "one"}
    (summary,) = ns.client.list_flow_definitions()["FlowDefinitionSummaries"]
    assert summary["FlowDefinitionStatus"] == "Initializing" and "FailureReason" not in summary
    took = hr.wait_fd(ns, "life-fd", "Active", timeout=DELAY + 4, allowed=("Initializing",))
    assert time.monotonic() - t0 >= DELAY * 0.8, f"Active after {took:.2f}s, before the {DELAY}s delay"
    assert hr.describe_fd(ns, "life-fd")["CreationTime"] == created

    t1 = time.monotonic()
    assert hr.body(ns.client.delete_flow_definition(FlowDefinitionName="life-fd")) == {}
    deleting = hr.describe_fd(ns, "life-fd")
    assert deleting["FlowDefinitionStatus"] == "Deleting"
    assert deleting["CreationTime"] == created and hr.described(deleting) == hr.echoed(req)
    # delete again while Deleting: {} and no change
    assert hr.body(ns.client.delete_flow_definition(FlowDefinitionName="life-fd")) == {}
    assert hr.describe_fd(ns, "life-fd") == deleting
    # listed while Deleting, with that status
    assert [(s["FlowDefinitionName"], s["FlowDefinitionStatus"]) for s in ns.client.list_flow_definitions()["FlowDefinitionSummaries"]] \
        == [("life-fd", "Deleting")]
    # the name is not free while Deleting
    refused(ns, refs.request("life-fd"), "ResourceInUse", hr.fd_in_use("life-fd"))
    # still taggable while Deleting
    arn = wfe.flow_definition_arn(ns, "life-fd")
    ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "two"}])
    assert hr.tags_of(ns, arn) == {"stage": "two"}
    assert time.monotonic() - t1 < DELAY * 0.8, "too slow to observe Deleting"

    hr.wait_fd(ns, "life-fd", None, timeout=DELAY + 4, allowed=("Deleting",))
    assert time.monotonic() - t1 >= DELAY * 0.8
    expect_error(lambda: ns.client.delete_flow_definition(FlowDefinitionName="life-fd"), "ResourceNotFound", hr.fd_not_found("life-fd"))
    assert ns.client.list_flow_definitions()["FlowDefinitionSummaries"] == []
    expect_error(lambda: ns.client.list_tags(ResourceArn=arn), "ValidationException", hr.resource_missing(arn))
    # the name is free again; the new one has no tags and starts over
    refs.create("life-fd")
    assert hr.describe_fd(ns, "life-fd")["FlowDefinitionStatus"] == "Initializing"
    assert ns.client.list_tags(ResourceArn=arn)["Tags"] == []


def test_with_delay_zero_active_at_once_and_gone_at_once(ns, refs):
    refs.create("instant")
    assert hr.describe_fd(ns, "instant")["FlowDefinitionStatus"] == "Active"
    ns.client.delete_flow_definition(FlowDefinitionName="instant")
    # after DeleteFlowDefinition: Deleting or not found, never Active; with delay 0, not found
    expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName="instant"), "ResourceNotFound",
                 hr.fd_not_found("instant"))
    expect_error(lambda: ns.client.delete_flow_definition(FlowDefinitionName="instant"), "ResourceNotFound",
                 hr.fd_not_found("instant"))
    refs.create("instant")


@pytest.fixture
def held(emulator_factory):
    """An emulator whose transitions wait an hour unless /_emulator/transitions/complete ends them."""
    return emulator_factory(delay=3600)


def test_transitions_complete_finishes_flow_definition_transitions(held):
    ns = held.namespace()
    refs = hr.Refs(ns)
    hr.complete_transitions(held)  # the workforce
    refs.create("held-a")
    refs.create("held-b")
    assert [hr.fd_status(ns, n) for n in ("held-a", "held-b")] == ["Initializing", "Initializing"]
    assert hr.complete_transitions(held) >= 2
    assert [hr.fd_status(ns, n) for n in ("held-a", "held-b")] == ["Active", "Active"]
    ns.client.delete_flow_definition(FlowDefinitionName="held-a")
    assert hr.fd_status(ns, "held-a") == "Deleting"
    assert hr.complete_transitions(held) >= 1
    assert hr.fd_status(ns, "held-a") is None
    assert hr.fd_names(ns) == ["held-b"]


def test_delete_is_allowed_while_initializing(held):
    ns = held.namespace()
    refs = hr.Refs(ns)
    refs.create("early-delete")
    assert hr.fd_status(ns, "early-delete") == "Initializing"
    ns.client.delete_flow_definition(FlowDefinitionName="early-delete")
    assert hr.fd_status(ns, "early-delete") == "Deleting"
    hr.complete_transitions(held)
    assert hr.fd_status(ns, "early-delete") is None


def test_tags_at_create_are_listed_while_initializing(held):
    ns = held.namespace()
    refs = hr.Refs(ns)
    refs.create("tag-init", Tags=[{"Key": "key1", "Value": "value1"}, {"Key": "env", "Value": ""}])
    assert hr.fd_status(ns, "tag-init") == "Initializing"
    arn = wfe.flow_definition_arn(ns, "tag-init")
    assert hr.tags_of(ns, arn) == {"key1": "value1", "env": ""}
    ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "key2", "Value": "value2"}])
    assert hr.tags_of(ns, arn) == {"key1": "value1", "env": "", "key2": "value2"}
    assert hr.fd_status(ns, "tag-init") == "Initializing", "tagging is not a transition"


# -- §4.3 rule 1: shape validation ------------------------------------------------------------------
SHAPE_CASES = {
    # Terraform's config without task_availability_lifetime_in_seconds sends 0 (spec §4.3 rule 1)
    "availability-0": ({"loop": {"TaskAvailabilityLifetimeInSeconds": 0}},
                       one_error(0, "humanLoopConfig.taskAvailabilityLifetimeInSeconds", "Member must have value greater than or equal to 1")),
    "task-count-4": ({"loop": {"TaskCount": 4}},
                     one_error(4, "humanLoopConfig.taskCount", "Member must have value less than or equal to 3")),
    "task-count-0": ({"loop": {"TaskCount": 0}},
                     one_error(0, "humanLoopConfig.taskCount", "Member must have value greater than or equal to 1")),
    "time-limit-29": ({"loop": {"TaskTimeLimitInSeconds": 29}},
                      one_error(29, "humanLoopConfig.taskTimeLimitInSeconds", "Member must have value greater than or equal to 30")),
    "title-empty": ({"loop": {"TaskTitle": ""}},
                    one_error("", "humanLoopConfig.taskTitle", "Member must have length greater than or equal to 1")),
    "title-129": ({"loop": {"TaskTitle": "t" * 129}},
                  one_error("t" * 129, "humanLoopConfig.taskTitle", "Member must have length less than or equal to 128")),
    "description-256": ({"loop": {"TaskDescription": "d" * 256}},
                        one_error("d" * 256, "humanLoopConfig.taskDescription", "Member must have length less than or equal to 255")),
    "keywords-6": ({"loop": {"TaskKeywords": ["a", "b", "c", "d", "e", "f"]}},
                   one_error("[a, b, c, d, e, f]", "humanLoopConfig.taskKeywords", "Member must have length less than or equal to 5")),
    "keyword-pattern": ({"loop": {"TaskKeywords": ["fine", "not-fine"]}},
                        one_error("not-fine", "humanLoopConfig.taskKeywords.2.member",
                                  f"Member must satisfy regular expression pattern: {pattern('FlowDefinitionTaskKeyword')}")),
    "keyword-31": ({"loop": {"TaskKeywords": ["k" * 31]}},
                   one_error("k" * 31, "humanLoopConfig.taskKeywords.1.member", "Member must have length less than or equal to 30")),
    "dollars-3": ({"loop": {"PublicWorkforceTaskPrice": hr.price(3, 0, 0)}},
                  one_error(3, "humanLoopConfig.publicWorkforceTaskPrice.amountInUsd.dollars", "Member must have value less than or equal to 2")),
    "cents-100": ({"loop": {"PublicWorkforceTaskPrice": hr.price(0, 100, 0)}},
                  one_error(100, "humanLoopConfig.publicWorkforceTaskPrice.amountInUsd.cents", "Member must have value less than or equal to 99")),
    "tenths-10": ({"loop": {"PublicWorkforceTaskPrice": hr.price(0, 1, 10)}},
                  one_error(10, "humanLoopConfig.publicWorkforceTaskPrice.amountInUsd.tenthFractionsOfACent",
                            "Member must have value less than or equal to 9")),
    "retired-source": ({"HumanLoopRequestSource": {"AwsManagedHumanLoopRequestSource": "AWS/Textract/AnalyzeExpense"}},
                       one_error("AWS/Textract/AnalyzeExpense", "humanLoopRequestSource.awsManagedHumanLoopRequestSource",
                                 f"Member must satisfy enum value set: [{', '.join(hr.SOURCES)}]")),
    "workteam-arn-pattern": ({"loop": {"WorkteamArn": "arn:aws:sagemaker:us-east-1:111122223333:flow-definition/a2idemo"}},
                             one_error("arn:aws:sagemaker:us-east-1:111122223333:flow-definition/a2idemo", "humanLoopConfig.workteamArn",
                                       f"Member must satisfy regular expression pattern: {pattern('WorkteamArn')}")),
    "ui-arn-pattern": ({"loop": {"HumanTaskUiArn": "not-an-arn"}},
                       one_error("not-an-arn", "humanLoopConfig.humanTaskUiArn",
                                 f"Member must satisfy regular expression pattern: {pattern('HumanTaskUiArn')}")),
    "role-arn-pattern": ({"RoleArn": "arn:aws:iam::123:role/reviewer"},
                         one_error("arn:aws:iam::123:role/reviewer", "roleArn", f"Member must satisfy regular expression pattern: {pattern('RoleArn')}")),
    "s3-pattern": ({"OutputConfig": {"S3OutputPath": "ftp://bucket/out"}},
                   one_error("ftp://bucket/out", "outputConfig.s3OutputPath", f"Member must satisfy regular expression pattern: {pattern('S3Uri')}")),
    "kms-pattern": ({"OutputConfig": {"S3OutputPath": "s3://bucket/out", "KmsKeyId": "my key"}},
                    one_error("my key", "outputConfig.kmsKeyId", f"Member must satisfy regular expression pattern: {pattern('KmsKeyId')}")),
    "name-upper": ({"FlowDefinitionName": "Upper"},
                   one_error("Upper", "flowDefinitionName", f"Member must satisfy regular expression pattern: {pattern('FlowDefinitionName')}")),
    "conditions-too-long": ({"HumanLoopRequestSource": {"AwsManagedHumanLoopRequestSource": hr.TEXTRACT},
                             "HumanLoopActivationConfig": hr.activation(" " * 10241)},
                            # long values are cut in messages: check the parts
                            ("at 'humanLoopActivationConfig.humanLoopActivationConditionsConfig.humanLoopActivationConditions' "
                             "failed to satisfy constraint: Member must have length less than or equal to 10240",)),
    "no-role": ({"RoleArn": None}, one_error(None, "roleArn", "Member must not be null")),
    "no-output": ({"OutputConfig": None}, one_error(None, "outputConfig", "Member must not be null")),
    "no-s3-path": ({"OutputConfig": {}}, one_error(None, "outputConfig.s3OutputPath", "Member must not be null")),
    "no-title": ({"loop": {"TaskTitle": None}}, one_error(None, "humanLoopConfig.taskTitle", "Member must not be null")),
    "no-ui-arn": ({"loop": {"HumanTaskUiArn": None}}, one_error(None, "humanLoopConfig.humanTaskUiArn", "Member must not be null")),
    "no-request-source-value": ({"HumanLoopRequestSource": {}},
                                one_error(None, "humanLoopRequestSource.awsManagedHumanLoopRequestSource", "Member must not be null")),
}


def _request_for(ns, refs, name, spec):
    spec = dict(spec)
    loop = {k: v for k, v in spec.pop("loop", {}).items()}
    req = refs.request(spec.pop("FlowDefinitionName", name), **spec)
    for k, v in loop.items():
        if v is None:
            req["HumanLoopConfig"].pop(k)
        else:
            req["HumanLoopConfig"][k] = v
    return req


@pytest.mark.parametrize("case", list(SHAPE_CASES))
def test_shape_rule_messages(ns, refs, case):
    spec, message = SHAPE_CASES[case]
    if isinstance(message, tuple):
        msg = refused(ns, _request_for(ns, refs, "shape-fd", spec), "ValidationException")
        assert_validation_message(msg, *message, count=1)
    else:
        refused(ns, _request_for(ns, refs, "shape-fd", spec), "ValidationException", message)


def test_all_shape_violations_in_one_message(ns, refs):
    req = _request_for(ns, refs, "many-fd", {"loop": {"TaskCount": 4, "TaskTimeLimitInSeconds": 29}, "RoleArn": "short"})
    msg = refused(ns, req, "ValidationException")
    assert_validation_message(msg, "at 'humanLoopConfig.taskCount'", "at 'humanLoopConfig.taskTimeLimitInSeconds'",
                              "at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
                              count=4)  # roleArn: length and pattern


def test_name_of_64_characters_breaks_length_and_pattern(ns, refs):
    msg = refused(ns, refs.request("a" * 64), "ValidationException")
    assert_validation_message(msg, "at 'flowDefinitionName' failed to satisfy constraint: Member must have length less than or equal to 63",
                              f"Member must satisfy regular expression pattern: {pattern('FlowDefinitionName')}", count=2)
    refs.create("a" * 63)
    assert hr.describe_fd(ns, "a" * 63)["FlowDefinitionName"] == "a" * 63


@pytest.mark.parametrize("mutate", [
    lambda r: r["HumanLoopConfig"].update(TaskCount="1"),
    lambda r: r["HumanLoopConfig"].update(TaskAvailabilityLifetimeInSeconds=1.5),
    lambda r: r.update(HumanLoopConfig=[r["HumanLoopConfig"]]),
    lambda r: r.update(HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.TEXTRACT},
                       HumanLoopActivationConfig={"HumanLoopActivationConditionsConfig": {
                           "HumanLoopActivationConditions": json.loads(hr.SAMPLING_5)}}),
    lambda r: r.update(HumanLoopActivationConfig={"HumanLoopActivationConditionsConfig": {"HumanLoopActivationConditions": []}},
                       HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.TEXTRACT}),
    lambda r: r["HumanLoopConfig"].update(TaskKeywords="keyword"),
], ids=["count-string", "availability-fraction", "config-list", "conditions-object", "conditions-array", "keywords-string"])
def test_wrong_json_types_are_serialization_exceptions(ns, refs, mutate):
    req = refs.request("typed-fd")
    mutate(req)
    hr.raw_error(ns.raw("CreateFlowDefinition", req), "SerializationException")
    assert hr.fd_names(ns) == []


# -- rule 2: HumanLoopConfig required ----------------------------------------------------------------
def test_human_loop_config_is_required(ns, refs):
    refused(ns, refs.request("no-loop", HumanLoopConfig=None), "ValidationException", hr.HLC_REQUIRED)
    refused(ns, refs.request("no-loop", HumanLoopConfig=None,
                             HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.REKOGNITION}),
            "ValidationException", hr.HLC_REQUIRED)


# -- rule 3: activation config needs a request source -----------------------------------------------
def test_activation_config_without_request_source_is_refused(ns, refs):
    refused(ns, refs.request("custom-fd", HumanLoopActivationConfig=hr.activation(hr.SAMPLING_5)),
            "ValidationException", hr.ACTIVATION_NEEDS_SOURCE)


# -- rule 4: the activation-conditions document -------------------------------------------------------
def simple(kind="Sampling", **params):
    return {"ConditionType": kind, "ConditionParameters": params or {"RandomSamplingPercentage": 5}}


BAD_CONDITIONS = {
    "not-json": (hr.TEXTRACT, "{Conditions: [}"),
    "empty-string": (hr.TEXTRACT, ""),
    "array": (hr.TEXTRACT, [simple()]),
    "string": (hr.TEXTRACT, '"Sampling"'),
    "no-conditions": (hr.TEXTRACT, {"Condition": [simple()]}),
    "conditions-object": (hr.TEXTRACT, {"Conditions": simple()}),
    "element-not-object": (hr.TEXTRACT, {"Conditions": ["Sampling"]}),
    "no-condition-type": (hr.TEXTRACT, {"Conditions": [{"ConditionParameters": {"RandomSamplingPercentage": 5}}]}),
    "condition-type-number": (hr.TEXTRACT, {"Conditions": [{"ConditionType": 7}]}),
    "parameters-not-object": (hr.TEXTRACT, {"Conditions": [{"ConditionType": "Sampling", "ConditionParameters": 5}]}),
    "unknown-type": (hr.TEXTRACT, {"Conditions": [simple("AlwaysReview")]}),
    "rekognition-type-for-textract": (hr.TEXTRACT, {"Conditions": [simple("ModerationLabelConfidenceCheck", ModerationLabelName="Suggestive")]}),
    "textract-type-for-rekognition": (hr.REKOGNITION, {"Conditions": [simple("ImportantFormKeyConfidenceCheck", ImportantFormKey="Name")]}),
    "missing-key-for-rekognition": (hr.REKOGNITION, {"Conditions": [simple("MissingImportantFormKey", ImportantFormKey="Name")]}),
    "and-with-one": (hr.TEXTRACT, {"Conditions": [{"And": [simple()]}]}),
    "or-not-list": (hr.TEXTRACT, {"Conditions": [{"Or": simple()}]}),
    "three-levels": (hr.TEXTRACT, {"Conditions": [{"Or": [{"And": [{"Or": [simple(), simple()]}, simple()]}, simple()]}]}),
    "bad-type-nested": (hr.REKOGNITION, {"Conditions": [{"Or": [simple(), simple("ImportantFormKeyConfidenceCheck")]}]}),
}

GOOD_CONDITIONS = {
    "sampling": (hr.TEXTRACT, hr.SAMPLING_5),
    "textract-all-types": (hr.TEXTRACT, {"Conditions": [
        simple("ImportantFormKeyConfidenceCheck", ImportantFormKey="Mail address", ImportantFormKeyAliases=["Mail Address:"],
               KeyValueBlockConfidenceLessThan=99, WordBlockConfidenceLessThan=99),
        simple("MissingImportantFormKey", ImportantFormKey="Date"), simple("Sampling")]}),
    "rekognition-both-types": (hr.REKOGNITION, {"Conditions": [
        simple("ModerationLabelConfidenceCheck", ModerationLabelName="Suggestive", ConfidenceLessThan=98), simple("Sampling")]}),
    "two-levels": (hr.TEXTRACT, {"Conditions": [{"Or": [{"And": [simple("MissingImportantFormKey", ImportantFormKey="Date"), simple()]},
                                                         simple()]}]}),
    "and-without-parameters": (hr.REKOGNITION, {"Conditions": [{"And": [{"ConditionType": "Sampling"},
                                                                         simple("ModerationLabelConfidenceCheck")]}]}),
    "parameters-unchecked": (hr.TEXTRACT, {"Conditions": [simple("Sampling", Whatever={"nested": [1, 2]}, RandomSamplingPercentage="lots")]}),
}


@pytest.mark.parametrize("case", list(BAD_CONDITIONS))
def test_invalid_activation_conditions_are_refused(ns, refs, case):
    source, doc = BAD_CONDITIONS[case]
    req = refs.request("cond-fd", HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": source},
                       HumanLoopActivationConfig=hr.activation(doc))
    refused(ns, req, "ValidationException", prefix=hr.INVALID_CONDITIONS_PREFIX)


@pytest.mark.parametrize("case", list(GOOD_CONDITIONS))
def test_valid_activation_conditions_are_accepted_and_echoed(ns, refs, case):
    source, doc = GOOD_CONDITIONS[case]
    req = refs.create("cond-fd", HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": source},
                      HumanLoopActivationConfig=hr.activation(doc))
    assert hr.described(hr.describe_fd(ns, "cond-fd")) == hr.echoed(req)


# -- rule 5: the name is free --------------------------------------------------------------------------
def test_duplicate_name_is_resource_in_use_and_changes_nothing(ns, refs):
    refs.create("dup-fd", loop={"TaskTitle": "first"})
    before = hr.describe_fd(ns, "dup-fd")
    refused(ns, refs.request("dup-fd", loop={"TaskTitle": "second"}), "ResourceInUse", hr.fd_in_use("dup-fd"))
    assert hr.describe_fd(ns, "dup-fd") == before


def test_name_in_use_while_deleting(held):
    ns = held.namespace()
    refs = hr.Refs(ns)
    refs.create("busy-name")
    hr.complete_transitions(held)
    ns.client.delete_flow_definition(FlowDefinitionName="busy-name")
    assert hr.fd_status(ns, "busy-name") == "Deleting"
    expect_error(lambda: ns.client.create_flow_definition(**refs.request("busy-name")), "ResourceInUse", hr.fd_in_use("busy-name"))
    assert hr.fd_status(ns, "busy-name") == "Deleting"
    hr.complete_transitions(held)
    refs.create("busy-name")
    assert hr.fd_status(ns, "busy-name") == "Initializing"


# -- rule 6: the work team resolves in the request's own namespace -----------------------------------
def test_missing_and_deleted_work_teams(ns, refs):
    missing = f"arn:aws:sagemaker:us-east-1:{ns.account}:workteam/private-crowd/missing"
    refused(ns, refs.request("team-fd", loop={"WorkteamArn": missing}), "ValidationException", hr.workteam_unknown(missing))
    gone = hr.private_team(ns, "gone-team")
    ns.client.delete_workteam(WorkteamName="gone-team")
    refused(ns, refs.request("team-fd", loop={"WorkteamArn": gone}), "ValidationException", hr.workteam_unknown(gone))


def test_work_teams_of_another_region_or_account_are_refused_even_when_they_exist(ns, make_ns, refs):
    other_region = make_ns(region="us-west-2", account=ns.account)
    other_account = make_ns()
    for other in (other_region, other_account):
        arn = hr.private_team(other, refs.team_name)  # same team name, other namespace
        refused(ns, refs.request("foreign-team", loop={"WorkteamArn": arn}), "ValidationException", hr.workteam_unknown(arn))


@pytest.mark.parametrize("arn_of", [
    lambda ns: f"arn:aws:sagemaker:{ns.region}:{ns.account}:workteam/vendor-crowd/some-vendor",
    lambda ns: wfe.public_crowd_arn(ns, region="us-west-2"),
    lambda ns: f"arn:aws:sagemaker:{ns.region}:111122223333:workteam/public-crowd/default",
    lambda ns: f"arn:aws:sagemaker:{ns.region}:394669845002:workteam/public-crowd/other",
    lambda ns: f"arn:aws:sagemaker:{ns.region}:394669845002:workteam/private-crowd/default",
    lambda ns: f"arn:aws-cn:sagemaker:{ns.region}:394669845002:workteam/public-crowd/default",
    lambda ns: f"arn:aws-cn:sagemaker:{ns.region}:{ns.account}:workteam/private-crowd/TEAM",
    lambda ns: f"arn:aws:sagemaker:{ns.region}:{ns.account}:workteam/TEAM",
], ids=["vendor-crowd", "public-other-region", "public-wrong-account", "public-other-name", "mturk-private-crowd",
        "public-wrong-partition", "own-team-wrong-partition", "no-crowd-segment"])
def test_other_work_team_arns_are_refused(ns, refs, arn_of):
    arn = arn_of(ns).replace("TEAM", refs.team_name)
    loop = {"WorkteamArn": arn}
    if "public-crowd" in arn:
        loop["PublicWorkforceTaskPrice"] = hr.price(0, 1, 2)
    refused(ns, refs.request("odd-team", loop=loop), "ValidationException", hr.workteam_unknown(arn))


# -- rule 7: the UI resolves in the request's own namespace -------------------------------------------
def test_missing_deleted_foreign_and_aws_owned_uis_are_refused(ns, make_ns, refs):
    missing = wfe.human_task_ui_arn(ns, "no-such-ui")
    deleted = hr.create_ui(ns, "deleted-ui")
    ns.client.delete_human_task_ui(HumanTaskUiName="deleted-ui")
    foreign = hr.create_ui(make_ns(), refs.ui_name)
    other_region = hr.create_ui(make_ns(region="eu-west-1", account=ns.account), refs.ui_name)
    aws_owned = f"arn:aws:sagemaker:{ns.region}:394669845002:human-task-ui/NamedEntityRecognition"
    for arn in (missing, deleted, foreign, other_region, aws_owned):
        refused(ns, refs.request("ui-ref-fd", loop={"HumanTaskUiArn": arn}), "ValidationException", hr.ui_unknown(arn))


# -- rule 8: public-workforce price and the 12-hour cap ----------------------------------------------
def public_request(ns, refs, name, loop=None, **top):
    return hr.flow_request(ns, name, wfe.public_crowd_arn(ns), refs.ui_arn, loop=loop or {}, **top)


def test_public_crowd_without_a_price_is_refused(ns, refs):
    refused(ns, public_request(ns, refs, "no-price"), "ValidationException", hr.PRICE_REQUIRED)
    refused(ns, public_request(ns, refs, "no-price", loop={"PublicWorkforceTaskPrice": {}}), "ValidationException", hr.PRICE_REQUIRED)


def test_a_price_with_a_private_team_is_refused(ns, refs):
    refused(ns, refs.request("private-price", loop={"PublicWorkforceTaskPrice": hr.price(0, 1, 2)}), "ValidationException",
            hr.PRICE_PRIVATE)


PRICES = [
    # (source or None for a custom task, dollars, cents, tenths, accepted, d.ddd)
    (None, 0, 1, 2, True, "0.012"),
    (None, 0, 3, 6, True, "0.036"),
    (None, 0, 12, 0, True, "0.120"),
    (None, 1, 20, 0, True, "1.200"),
    (None, 0, 1, 3, False, "0.013"),
    (None, 0, 0, 0, False, "0.000"),
    (None, 1, 32, 0, False, "1.320"),
    (None, 2, 40, 0, False, "2.400"),
    (hr.REKOGNITION, 0, 96, 0, True, "0.960"),
    (hr.REKOGNITION, 1, 32, 0, False, "1.320"),
    (hr.TEXTRACT, 1, 32, 0, True, "1.320"),
    (hr.TEXTRACT, 2, 40, 0, True, "2.400"),
    (hr.TEXTRACT, 2, 41, 0, False, "2.410"),
    (hr.TEXTRACT, 0, 1, 2, True, "0.012"),
]


@pytest.mark.parametrize("source,dollars,cents,tenths,accepted,usd", PRICES,
                         ids=[f"{(p[0] or 'custom').split('/')[1] if p[0] else 'custom'}-{p[5]}" for p in PRICES])
def test_price_must_be_on_the_list_for_the_task_type(ns, refs, source, dollars, cents, tenths, accepted, usd):
    top = {"HumanLoopRequestSource": {"AwsManagedHumanLoopRequestSource": source}} if source else {}
    req = public_request(ns, refs, "priced", loop={"PublicWorkforceTaskPrice": hr.price(dollars, cents, tenths)}, **top)
    if accepted:
        ns.client.create_flow_definition(**req)
        assert hr.described(hr.describe_fd(ns, "priced")) == hr.echoed(req)
    else:
        refused(ns, req, "ValidationException", hr.invalid_price(usd))


def test_twelve_hour_cap_with_the_public_crowd_only(ns, refs):
    price = {"PublicWorkforceTaskPrice": hr.price(0, 1, 2)}
    ns.client.create_flow_definition(**public_request(ns, refs, "twelve-hours", loop=dict(price, TaskAvailabilityLifetimeInSeconds=43200)))
    refused(ns, public_request(ns, refs, "too-long", loop=dict(price, TaskAvailabilityLifetimeInSeconds=43201)), "ValidationException")
    refs.create("private-ten-days", loop={"TaskAvailabilityLifetimeInSeconds": 864000})
    assert hr.describe_fd(ns, "private-ten-days")["HumanLoopConfig"]["TaskAvailabilityLifetimeInSeconds"] == 864000


def test_no_rule_ties_the_time_limit_to_the_availability(ns, refs):
    refs.create("short-window", loop={"TaskAvailabilityLifetimeInSeconds": 1, "TaskTimeLimitInSeconds": 3600})
    assert hr.describe_fd(ns, "short-window")["HumanLoopConfig"]["TaskTimeLimitInSeconds"] == 3600


# -- §10: order of checks where two rules collide ----------------------------------------------------
def test_order_of_checks(ns, refs):
    missing_team = f"arn:aws:sagemaker:us-east-1:{ns.account}:workteam/private-crowd/missing"
    missing_ui = wfe.human_task_ui_arn(ns, "missing-ui")
    refs.create("taken")
    src = {"HumanLoopRequestSource": {"AwsManagedHumanLoopRequestSource": hr.TEXTRACT}}
    bad_doc = hr.activation("{not json")

    # shape (rule 1) before HumanLoopConfig required (rule 2)
    refused(ns, refs.request("Upper", HumanLoopConfig=None), "ValidationException",
            one_error("Upper", "flowDefinitionName", f"Member must satisfy regular expression pattern: {pattern('FlowDefinitionName')}"))
    # shape before the name in use and before references
    refused(ns, refs.request("taken", loop={"TaskCount": 4, "WorkteamArn": missing_team}), "ValidationException",
            one_error(4, "humanLoopConfig.taskCount", "Member must have value less than or equal to 3"))
    # rule 2 before rule 3
    refused(ns, refs.request("r2", HumanLoopConfig=None, HumanLoopActivationConfig=hr.activation(hr.SAMPLING_5)),
            "ValidationException", hr.HLC_REQUIRED)
    # rule 3 before rule 4
    refused(ns, refs.request("r3", HumanLoopActivationConfig=bad_doc), "ValidationException", hr.ACTIVATION_NEEDS_SOURCE)
    # rule 4 (intra-request) before the name in use (rule 5)
    refused(ns, refs.request("taken", HumanLoopActivationConfig=bad_doc, **src), "ValidationException",
            prefix=hr.INVALID_CONDITIONS_PREFIX)
    # rule 5 before the work team (6) and the UI (7)
    refused(ns, refs.request("taken", loop={"WorkteamArn": missing_team, "HumanTaskUiArn": missing_ui}), "ResourceInUse",
            hr.fd_in_use("taken"))
    # rule 6 before rule 7
    refused(ns, refs.request("r6", loop={"WorkteamArn": missing_team, "HumanTaskUiArn": missing_ui}), "ValidationException",
            hr.workteam_unknown(missing_team))
    # rule 6 before the price rule (8): a private (missing) team with a price
    refused(ns, refs.request("r6p", loop={"WorkteamArn": missing_team, "PublicWorkforceTaskPrice": hr.price(0, 1, 2)}),
            "ValidationException", hr.workteam_unknown(missing_team))
    # rule 7 before rule 8
    refused(ns, hr.flow_request(ns, "r7", wfe.public_crowd_arn(ns), missing_ui), "ValidationException", hr.ui_unknown(missing_ui))
    # Describe and Delete: shape before existence
    expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName="Taken"), "ValidationException")


# -- DeleteFlowDefinition --------------------------------------------------------------------------------
def test_delete_twice_second_is_resource_not_found(ns, refs):
    refs.create("twice")
    assert hr.body(ns.client.delete_flow_definition(FlowDefinitionName="twice")) == {}
    expect_error(lambda: ns.client.delete_flow_definition(FlowDefinitionName="twice"), "ResourceNotFound", hr.fd_not_found("twice"))
    with pytest.raises(ns.client.exceptions.ResourceNotFound):
        ns.client.delete_flow_definition(FlowDefinitionName="twice")


def test_deleting_a_referenced_team_or_ui_leaves_the_flow_definition_alone(ns, refs):
    refs.create("survivor")
    before = hr.describe_fd(ns, "survivor")
    assert ns.client.delete_workteam(WorkteamName=refs.team_name)["Success"] is True
    assert hr.body(ns.client.delete_human_task_ui(HumanTaskUiName=refs.ui_name)) == {}
    assert hr.describe_fd(ns, "survivor") == before


def test_delete_workforce_does_not_count_flow_definitions(ns, refs):
    refs.create("no-block")
    ns.client.delete_workteam(WorkteamName=refs.team_name)
    (wf,) = ns.client.list_workforces()["Workforces"]
    ns.client.delete_workforce(WorkforceName=wf["WorkforceName"])
    assert hr.describe_fd(ns, "no-block")["FlowDefinitionStatus"] == "Active"


# -- ListFlowDefinitions ---------------------------------------------------------------------------------
def test_list_empty_namespace(ns):
    assert hr.body(ns.client.list_flow_definitions()) == {"FlowDefinitionSummaries": []}


def test_list_summaries(ns, refs):
    refs.create("sum-b")
    refs.create("sum-a")
    listed = ns.client.list_flow_definitions()["FlowDefinitionSummaries"]
    for s in listed:
        fd = hr.describe_fd(ns, s["FlowDefinitionName"])
        assert s == {"FlowDefinitionName": fd["FlowDefinitionName"], "FlowDefinitionArn": fd["FlowDefinitionArn"],
                     "FlowDefinitionStatus": "Active", "CreationTime": fd["CreationTime"]}
    keys = [(s["CreationTime"], s["FlowDefinitionName"]) for s in listed]
    assert keys == sorted(keys) and len(keys) == 2
    desc = ns.client.list_flow_definitions(SortOrder="Descending")["FlowDefinitionSummaries"]
    assert desc == list(reversed(listed))


def test_list_filters_and_paging(ns, refs):
    names = []
    for i, name in enumerate(["fd-a", "fd-b", "fd-c"]):
        if i:
            time.sleep(1.05)
        refs.create(name)
        names.append(name)
    t = {n: ns.raw("DescribeFlowDefinition", {"FlowDefinitionName": n}).json["CreationTime"] for n in names}

    def raw_names(**members):
        r = ns.raw("ListFlowDefinitions", members)
        assert r.status == 200, r.text
        return [s["FlowDefinitionName"] for s in r.json["FlowDefinitionSummaries"]]
    assert raw_names(CreationTimeAfter=t["fd-b"]) == ["fd-b", "fd-c"]
    assert raw_names(CreationTimeBefore=t["fd-b"]) == ["fd-a"]
    assert raw_names(SortOrder="Descending") == ["fd-c", "fd-b", "fd-a"]
    first = ns.client.list_flow_definitions(MaxResults=2)
    assert [s["FlowDefinitionName"] for s in first["FlowDefinitionSummaries"]] == ["fd-a", "fd-b"]
    rest = ns.client.list_flow_definitions(MaxResults=2, NextToken=first["NextToken"])
    assert [s["FlowDefinitionName"] for s in rest["FlowDefinitionSummaries"]] == ["fd-c"] and "NextToken" not in rest
    pages = list(ns.client.get_paginator("list_flow_definitions").paginate(PaginationConfig={"PageSize": 1}))
    assert [[s["FlowDefinitionName"] for s in p["FlowDefinitionSummaries"]] for p in pages] == [["fd-a"], ["fd-b"], ["fd-c"]]


def test_list_parameter_validation(ns):
    client = wfe.lenient_client(ns)
    msg = expect_error(lambda: client.list_flow_definitions(MaxResults=101), "ValidationException")
    assert_validation_message(msg, "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100")
    msg = expect_error(lambda: client.list_flow_definitions(SortOrder="Up"), "ValidationException")
    assert_validation_message(msg, "at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]")
    expect_error(lambda: client.list_flow_definitions(NextToken="garbage!"), "ValidationException")


# -- tags on flow-definition ARNs (§5) ----------------------------------------------------------------------
def test_tags_on_flow_definition_arns(ns, refs, make_ns):
    refs.create("tagged-fd", Tags=[{"Key": "key1", "Value": "value1"}])
    arn = wfe.flow_definition_arn(ns, "tagged-fd")
    assert hr.tags_of(ns, arn) == {"key1": "value1"}
    ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "key1", "Value": "value1updated"}, {"Key": "key2", "Value": "value2"}])
    ns.client.delete_tags(ResourceArn=arn, TagKeys=["key1"])
    assert hr.tags_of(ns, arn) == {"key2": "value2"}
    expect_error(lambda: ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": "aws:reserved", "Value": "x"}]), "ValidationException")
    expect_error(lambda: ns.client.add_tags(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)]),
                 "ValidationException")  # 51 in all
    assert hr.tags_of(ns, arn) == {"key2": "value2"}
    for other_arn in (wfe.flow_definition_arn(ns, "no-such-fd"), wfe.flow_definition_arn(make_ns(), "tagged-fd"),
                      wfe.public_crowd_arn(ns)):
        expect_error(lambda: ns.client.list_tags(ResourceArn=other_arn), "ValidationException", hr.resource_missing(other_arn))
    # the other namespace's view: nothing there
    expect_error(lambda: make_ns(account=ns.account, region="eu-west-1").client.list_tags(ResourceArn=arn), "ValidationException")


# -- admin: failTransition and operation faults --------------------------------------------------------------
def test_fail_transition_of_a_pending_creation(held):
    ns = held.namespace()
    refs = hr.Refs(ns)
    refs.create("will-fail")
    refs.create("will-pass")
    armed = hr.admin_post(held, "/_emulator/faults", {"failTransition": {"flowDefinitionName": "will-fail",
                                                                          "reason": "Access denied to the output bucket"},
                                                       "account": ns.account})
    assert armed.status == 200, armed.text
    assert armed.json["armed"] == "pendingTransition"
    assert armed.json["failed"] == [wfe.flow_definition_arn(ns, "will-fail")]
    hr.complete_transitions(held)
    fd = hr.describe_fd(ns, "will-fail")
    assert fd["FlowDefinitionStatus"] == "Failed"
    assert fd["FailureReason"] == "Access denied to the output bucket"
    assert "FailureReason" not in hr.describe_fd(ns, "will-pass")
    summaries = {s["FlowDefinitionName"]: s for s in ns.client.list_flow_definitions()["FlowDefinitionSummaries"]}
    assert summaries["will-fail"]["FlowDefinitionStatus"] == "Failed"
    assert summaries["will-fail"]["FailureReason"] == "Access denied to the output bucket"
    assert summaries["will-pass"]["FlowDefinitionStatus"] == "Active" and "FailureReason" not in summaries["will-pass"]
    # Failed is persisted, and a Failed definition can be deleted
    held.stop()
    held.start()
    ns = held.namespace(account=ns.account)
    assert hr.fd_status(ns, "will-fail") == "Failed"
    ns.client.delete_flow_definition(FlowDefinitionName="will-fail")
    deleting = hr.describe_fd(ns, "will-fail")
    assert deleting["FlowDefinitionStatus"] == "Deleting" and "FailureReason" not in deleting
    hr.complete_transitions(held)
    assert hr.fd_status(ns, "will-fail") is None


def test_fail_transition_armed_for_the_next_creation(emulator_factory):
    emu = emulator_factory(delay=0.3)
    ns = emu.namespace()
    refs = hr.Refs(ns)
    armed = hr.admin_post(emu, "/_emulator/faults", {"failTransition": {"flowDefinitionName": "next-fail", "reason": "Role cannot be assumed"},
                                                     "account": ns.account})
    assert armed.status == 200, armed.text
    assert armed.json["armed"] == "nextTransition" and armed.json["flowDefinitionName"] == "next-fail"
    refs.create("next-fail")
    assert hr.fd_status(ns, "next-fail") == "Initializing"
    hr.wait_fd(ns, "next-fail", "Failed", timeout=5, allowed=("Initializing",))
    assert hr.describe_fd(ns, "next-fail")["FailureReason"] == "Role cannot be assumed"
    # used up: the next definition of that name goes Active
    ns.client.delete_flow_definition(FlowDefinitionName="next-fail")
    hr.wait_fd(ns, "next-fail", None, timeout=5, allowed=("Deleting",))
    refs.create("next-fail")
    hr.wait_fd(ns, "next-fail", "Active", timeout=5, allowed=("Initializing",))


def test_fail_transition_for_a_workforce_name_leaves_flow_definitions_alone(held):
    ns = held.namespace()
    refs = hr.Refs(ns)
    hr.complete_transitions(held)
    refs.create("same-as-wf")
    armed = hr.admin_post(held, "/_emulator/faults", {"failTransition": {"workforceName": "same-as-wf", "reason": "x"},
                                                      "account": ns.account})
    assert armed.status == 200 and armed.json["armed"] == "nextTransition"
    hr.complete_transitions(held)
    assert hr.fd_status(ns, "same-as-wf") == "Active"
    bad = hr.admin_post(held, "/_emulator/faults", {"failTransition": {"flowDefinitionName": "", "reason": "x"}})
    assert bad.status == 400 and "error" in bad.json


OPERATION_CALLS = {
    "CreateHumanTaskUi": lambda ns, refs: {"HumanTaskUiName": "faulted-ui", "UiTemplate": {"Content": "<p/>"}},
    "DescribeHumanTaskUi": lambda ns, refs: {"HumanTaskUiName": refs.ui_name},
    "ListHumanTaskUis": lambda ns, refs: {},
    "DeleteHumanTaskUi": lambda ns, refs: {"HumanTaskUiName": refs.ui_name},
    "CreateFlowDefinition": lambda ns, refs: refs.request("faulted-fd"),
    "DescribeFlowDefinition": lambda ns, refs: {"FlowDefinitionName": "existing-fd"},
    "ListFlowDefinitions": lambda ns, refs: {},
    "DeleteFlowDefinition": lambda ns, refs: {"FlowDefinitionName": "existing-fd"},
}


@pytest.mark.parametrize("operation", list(OPERATION_CALLS))
def test_operation_faults_by_the_new_operation_names(ns, refs, operation):
    refs.create("existing-fd")
    before = (hr.ui_names(ns), hr.fd_names(ns))
    armed = hr.admin_post(ns.emulator, "/_emulator/faults", {
        "operation": operation, "count": 1, "account": ns.account,
        "error": {"code": "ThrottlingException", "status": 400, "message": "Rate exceeded"}})
    assert armed.status == 200, armed.text
    r = ns.raw(operation, OPERATION_CALLS[operation](ns, refs))
    hr.raw_error(r, "ThrottlingException", "Rate exceeded")
    assert (hr.ui_names(ns), hr.fd_names(ns)) == before, "a faulted call changed something"
    # used up: the call now goes through
    assert ns.raw(operation, OPERATION_CALLS[operation](ns, refs)).status == 200
