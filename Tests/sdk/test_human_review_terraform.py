"""The Terraform acceptance tests for aws_sagemaker_human_task_ui / aws_sagemaker_flow_definition as boto3
call sequences (human-review-api.md §9, E1-E12), one test each, with the assertions the spec lists.

Notation as in §9: N = a Terraform-style random name, POOL / CLIENT / ROLE literal values; "refresh" =
Describe + ListTags of every resource, with no difference from what the previous step saw.
"""

from __future__ import annotations

import secrets
import time

import pytest

import hr
import wfe
from wfe import expect_error

POOL = "us-east-1_AbCdEf123"
CLIENT = "1example23456789abcdefghij"
T = hr.TEMPLATE


def tf_name() -> str:
    return "tf-acc-test-" + "".join(secrets.choice("0123456789") for _ in range(10))


def ui_state(ns, name, arn):
    """What Terraform reads for a human task UI: Describe + ListTags."""
    return hr.describe_ui(ns, name), ns.client.list_tags(ResourceArn=arn)["Tags"]


def fd_state(ns, name, arn):
    return hr.describe_fd(ns, name), ns.client.list_tags(ResourceArn=arn)["Tags"]


def poll(what, read, until, timeout=10.0, pending=()):
    """Terraform's StateChangeConf: poll `read()` until `until(value)`; values seen before must be `pending`."""
    def check():
        v = read()
        if until(v):
            return v or True
        assert v in pending, f"{what}: unexpected state {v!r} (pending {pending})"
        return None
    return wfe.wait_until(check, timeout, interval=0.1, what=what)


def workforce_status(ns, name):
    try:
        return ns.client.describe_workforce(WorkforceName=name)["Workforce"]["Status"]
    except wfe.ClientError as err:
        assert err.response["Error"]["Code"] == "ValidationException"
        assert err.response["Error"]["Message"].startswith("No workforce"), err.response["Error"]["Message"]
        return None


def e4_dependencies(ns, n):
    """E4 steps 1-2: workforce (polled until Active), work team with the Cognito group ID as UserGroup, UI."""
    ns.client.create_workforce(WorkforceName=n, CognitoConfig={"ClientId": CLIENT, "UserPool": POOL})
    poll("workforce Active", lambda: workforce_status(ns, n), lambda s: s == "Active", pending=("Initializing",))
    members = [{"CognitoMemberDefinition": {"ClientId": CLIENT, "UserPool": POOL, "UserGroup": f"{POOL}/{n}"}}]
    wt_arn = ns.client.create_workteam(WorkteamName=n, WorkforceName=n, Description=n, MemberDefinitions=members)["WorkteamArn"]
    assert wt_arn == f"arn:aws:sagemaker:{ns.region}:{ns.account}:workteam/private-crowd/{n}"
    team = ns.client.describe_workteam(WorkteamName=n)["Workteam"]
    assert team["MemberDefinitions"] == members
    assert ns.client.list_tags(ResourceArn=wt_arn)["Tags"] == []
    ui_arn = ns.client.create_human_task_ui(HumanTaskUiName=n, UiTemplate={"Content": T})["HumanTaskUiArn"]
    assert ui_arn == f"arn:aws:sagemaker:{ns.region}:{ns.account}:human-task-ui/{n}"
    ui_state(ns, n, ui_arn)
    return wt_arn, ui_arn


def e4_request(ns, n, wt_arn, ui_arn, **extra):
    """E4 step 3, exactly what Terraform sends."""
    req = {"FlowDefinitionName": n, "RoleArn": f"arn:aws:iam::{ns.account}:role/{n}",
           "OutputConfig": {"S3OutputPath": f"s3://{n}/"},
           "HumanLoopConfig": {"HumanTaskUiArn": ui_arn, "TaskAvailabilityLifetimeInSeconds": 1, "TaskCount": 1,
                               "TaskDescription": n, "TaskTitle": n, "WorkteamArn": wt_arn, "TaskTimeLimitInSeconds": 3600}}
    for k, v in extra.items():
        if k == "PublicWorkforceTaskPrice":
            req["HumanLoopConfig"][k] = v
        else:
            req[k] = v
    return req


def fd_status_or_none(ns, n):
    return hr.fd_status(ns, n)


def create_fd_and_wait(ns, req):
    """E4 steps 3-5: create, poll until Active (Initializing before), read, ListTags, refresh, import."""
    n = req["FlowDefinitionName"]
    resp = ns.client.create_flow_definition(**req)
    fd_arn = f"arn:aws:sagemaker:{ns.region}:{ns.account}:flow-definition/{n}"
    assert hr.body(resp) == {"FlowDefinitionArn": fd_arn}
    # Terraform's waiter tolerates not-found only a few times: describable as soon as Create returns
    assert hr.fd_status(ns, n) in ("Initializing", "Active")
    poll("flow definition Active", lambda: fd_status_or_none(ns, n), lambda s: s == "Active", pending=("Initializing",))
    fd, tags = fd_state(ns, n, fd_arn)
    assert hr.described(fd) == hr.echoed(req), "Describe must return exactly the members sent"
    assert "FailureReason" not in fd
    assert fd_state(ns, n, fd_arn) == (fd, tags), "refresh"
    assert fd_state(ns, n, fd_arn) == (fd, tags), "import"
    return fd_arn, fd, tags


def e4_destroy(ns, n):
    """E4 step 6, in reverse dependency order, with the delete waiters."""
    assert hr.body(ns.client.delete_flow_definition(FlowDefinitionName=n)) == {}
    poll("flow definition gone", lambda: fd_status_or_none(ns, n), lambda s: s is None, pending=("Deleting",))
    assert hr.body(ns.client.delete_human_task_ui(HumanTaskUiName=n)) == {}
    assert hr.body(ns.client.delete_workteam(WorkteamName=n)) == {"Success": True}
    assert hr.body(ns.client.delete_workforce(WorkforceName=n)) == {}
    poll("workforce gone", lambda: workforce_status(ns, n), lambda s: s is None, pending=("Deleting",))
    # CheckDestroy
    expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName=n), "ResourceNotFound", hr.fd_not_found(n))
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName=n), "ResourceNotFound", hr.ui_not_found(n))


@pytest.fixture
def slow_ns(emulator_factory):
    """A namespace on an emulator with a short transition delay, so the waiters really wait."""
    return emulator_factory(delay=0.4).namespace(account="123456789012")


# -- E1-E3: human task UI --------------------------------------------------------------------------------
def test_e1_human_task_ui_basic(ns):
    n = tf_name()
    uiarn = f"arn:aws:sagemaker:us-east-1:{ns.account}:human-task-ui/{n}"
    assert hr.body(ns.client.create_human_task_ui(HumanTaskUiName=n, UiTemplate={"Content": T})) == {"HumanTaskUiArn": uiarn}
    ui = hr.describe_ui(ns, n)
    assert ui["HumanTaskUiArn"] == uiarn and ui["HumanTaskUiName"] == n and ui["HumanTaskUiStatus"] == "Active"
    assert ui["UiTemplate"]["ContentSha256"] == hr.sha256_hex(T)
    assert ui["UiTemplate"]["Url"]
    assert "Content" not in ui["UiTemplate"]
    assert hr.body(ns.client.list_tags(ResourceArn=uiarn)) == {"Tags": []}
    state = ui_state(ns, n, uiarn)
    assert ui_state(ns, n, uiarn) == state, "refresh"
    imported, _ = ui_state(ns, n, uiarn)
    assert imported["UiTemplate"]["ContentSha256"] == ui["UiTemplate"]["ContentSha256"], "import verify"
    assert hr.body(ns.client.delete_human_task_ui(HumanTaskUiName=n)) == {}
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName=n), "ResourceNotFound", hr.ui_not_found(n))


def test_e2_human_task_ui_tags(ns):
    n = tf_name()
    uiarn = ns.client.create_human_task_ui(HumanTaskUiName=n, UiTemplate={"Content": T},
                                           Tags=[{"Key": "key1", "Value": "value1"}])["HumanTaskUiArn"]
    hr.describe_ui(ns, n)
    assert ns.client.list_tags(ResourceArn=uiarn)["Tags"] == [{"Key": "key1", "Value": "value1"}]
    added = ns.client.add_tags(ResourceArn=uiarn, Tags=[{"Key": "key1", "Value": "value1updated"}, {"Key": "key2", "Value": "value2"}])
    assert added["Tags"] == [{"Key": "key1", "Value": "value1updated"}, {"Key": "key2", "Value": "value2"}]
    hr.describe_ui(ns, n)
    assert hr.tags_of(ns, uiarn) == {"key1": "value1updated", "key2": "value2"}
    assert hr.body(ns.client.delete_tags(ResourceArn=uiarn, TagKeys=["key1"])) == {}
    assert ns.client.list_tags(ResourceArn=uiarn)["Tags"] == [{"Key": "key2", "Value": "value2"}]
    ns.client.delete_human_task_ui(HumanTaskUiName=n)
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName=n), "ResourceNotFound")


def test_e3_human_task_ui_disappears(ns):
    n = tf_name()
    uiarn = ns.client.create_human_task_ui(HumanTaskUiName=n, UiTemplate={"Content": T})["HumanTaskUiArn"]
    ui_state(ns, n, uiarn)
    ns.client.delete_human_task_ui(HumanTaskUiName=n)  # behind Terraform's back
    with pytest.raises(ns.client.exceptions.ResourceNotFound):  # refresh: resource dropped from state
        ns.client.describe_human_task_ui(HumanTaskUiName=n)
    # Terraform's destroy of an already deleted UI: ResourceNotFound = success
    expect_error(lambda: ns.client.delete_human_task_ui(HumanTaskUiName=n), "ResourceNotFound", hr.ui_not_found(n))


# -- E4-E8: flow definition --------------------------------------------------------------------------------
def test_e4_flow_definition_basic(slow_ns):
    ns, n = slow_ns, tf_name()
    wt_arn, ui_arn = e4_dependencies(ns, n)
    req = e4_request(ns, n, wt_arn, ui_arn)
    assert hr.fd_status(ns, n) is None
    ns.client.create_flow_definition(**req)
    assert hr.fd_status(ns, n) == "Initializing"
    poll("Active", lambda: fd_status_or_none(ns, n), lambda s: s == "Active", pending=("Initializing",))
    fd_arn = wfe.flow_definition_arn(ns, n)
    fd, tags = fd_state(ns, n, fd_arn)
    assert hr.described(fd) == hr.echoed(req)
    assert "HumanLoopRequestSource" not in fd and "HumanLoopActivationConfig" not in fd and "FailureReason" not in fd
    assert "PublicWorkforceTaskPrice" not in fd["HumanLoopConfig"] and "TaskKeywords" not in fd["HumanLoopConfig"]
    assert "KmsKeyId" not in fd["OutputConfig"]
    assert fd["HumanLoopConfig"]["TaskAvailabilityLifetimeInSeconds"] == 1
    assert fd["HumanLoopConfig"]["TaskTimeLimitInSeconds"] == 3600
    assert tags == []
    assert fd_state(ns, n, fd_arn) == (fd, tags), "refresh"
    # destroy: Deleting is observed before the definition is gone
    ns.client.delete_flow_definition(FlowDefinitionName=n)
    assert hr.fd_status(ns, n) == "Deleting"
    poll("gone", lambda: fd_status_or_none(ns, n), lambda s: s is None, pending=("Deleting",))
    assert hr.body(ns.client.delete_human_task_ui(HumanTaskUiName=n)) == {}
    assert hr.body(ns.client.delete_workteam(WorkteamName=n)) == {"Success": True}
    assert hr.body(ns.client.delete_workforce(WorkforceName=n)) == {}
    poll("workforce gone", lambda: workforce_status(ns, n), lambda s: s is None, pending=("Deleting",))
    expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName=n), "ResourceNotFound", hr.fd_not_found(n))


def test_e5_flow_definition_human_loop_request_source(ns):
    n = tf_name()
    wt_arn, ui_arn = e4_dependencies(ns, n)
    conditions = '{"Conditions":[{"ConditionParameters":{"RandomSamplingPercentage":5},"ConditionType":"Sampling"}]}'
    req = e4_request(ns, n, wt_arn, ui_arn,
                     HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": "AWS/Textract/AnalyzeDocument/Forms/V1"},
                     HumanLoopActivationConfig={"HumanLoopActivationConditionsConfig": {"HumanLoopActivationConditions": conditions}})
    _, fd, _ = create_fd_and_wait(ns, req)
    assert fd["HumanLoopRequestSource"] == {"AwsManagedHumanLoopRequestSource": "AWS/Textract/AnalyzeDocument/Forms/V1"}
    assert fd["HumanLoopActivationConfig"]["HumanLoopActivationConditionsConfig"]["HumanLoopActivationConditions"] == conditions
    e4_destroy(ns, n)


def test_e6_flow_definition_public_workforce(ns):
    n = tf_name()
    ui_arn = ns.client.create_human_task_ui(HumanTaskUiName=n, UiTemplate={"Content": T})["HumanTaskUiArn"]
    public = f"arn:aws:sagemaker:{ns.region}:394669845002:workteam/public-crowd/default"
    req = e4_request(ns, n, public, ui_arn,
                     PublicWorkforceTaskPrice={"AmountInUsd": {"Cents": 1, "Dollars": 0, "TenthFractionsOfACent": 2}})
    _, fd, _ = create_fd_and_wait(ns, req)
    price = fd["HumanLoopConfig"]["PublicWorkforceTaskPrice"]["AmountInUsd"]
    assert price == {"Cents": 1, "Dollars": 0, "TenthFractionsOfACent": 2}
    assert ns.client.list_workforces()["Workforces"] == [] and ns.client.list_workteams()["Workteams"] == []
    ns.client.delete_flow_definition(FlowDefinitionName=n)
    poll("gone", lambda: fd_status_or_none(ns, n), lambda s: s is None, pending=("Deleting",))
    ns.client.delete_human_task_ui(HumanTaskUiName=n)
    expect_error(lambda: ns.client.describe_human_task_ui(HumanTaskUiName=n), "ResourceNotFound")


def test_e7_flow_definition_tags(ns):
    n = tf_name()
    wt_arn, ui_arn = e4_dependencies(ns, n)
    fd_arn, fd, tags = create_fd_and_wait(ns, e4_request(ns, n, wt_arn, ui_arn, Tags=[{"Key": "key1", "Value": "value1"}]))
    assert tags == [{"Key": "key1", "Value": "value1"}]
    ns.client.add_tags(ResourceArn=fd_arn, Tags=[{"Key": "key1", "Value": "value1updated"}, {"Key": "key2", "Value": "value2"}])
    assert hr.fd_status(ns, n) == "Active", "tag updates do not replace the definition"
    assert hr.tags_of(ns, fd_arn) == {"key1": "value1updated", "key2": "value2"}
    ns.client.delete_tags(ResourceArn=fd_arn, TagKeys=["key1"])
    assert ns.client.list_tags(ResourceArn=fd_arn)["Tags"] == [{"Key": "key2", "Value": "value2"}]
    assert hr.describe_fd(ns, n) == fd
    e4_destroy(ns, n)


def test_e8_flow_definition_disappears(slow_ns):
    ns, n = slow_ns, tf_name()
    wt_arn, ui_arn = e4_dependencies(ns, n)
    create_fd_and_wait(ns, e4_request(ns, n, wt_arn, ui_arn))
    ns.client.delete_flow_definition(FlowDefinitionName=n)
    poll("gone", lambda: fd_status_or_none(ns, n), lambda s: s is None, pending=("Deleting",))
    # the provider's delete runs a second time: ResourceNotFound, which Terraform takes as success
    expect_error(lambda: ns.client.delete_flow_definition(FlowDefinitionName=n), "ResourceNotFound", hr.fd_not_found(n))
    with pytest.raises(ns.client.exceptions.ResourceNotFound):
        ns.client.describe_flow_definition(FlowDefinitionName=n)
    ns.client.delete_human_task_ui(HumanTaskUiName=n)
    ns.client.delete_workteam(WorkteamName=n)
    ns.client.delete_workforce(WorkforceName=n)
    poll("workforce gone", lambda: workforce_status(ns, n), lambda s: s is None, pending=("Deleting",))


# -- E9-E12: derived cases -------------------------------------------------------------------------------
def test_e9_sweep_and_pagination(ns):
    refs = hr.Refs(ns)  # its UI is created before a, b and c
    times = {"ui": {}, "fd": {}}
    for i, x in enumerate("abc"):
        if i:
            time.sleep(1.05)  # one second apart (spec E9)
        hr.create_ui(ns, x)
        refs.create(x)
        times["ui"][x] = ns.raw("DescribeHumanTaskUi", {"HumanTaskUiName": x}).json["CreationTime"]
        times["fd"][x] = ns.raw("DescribeFlowDefinition", {"FlowDefinitionName": x}).json["CreationTime"]
    kinds = [("ui", "ListHumanTaskUis", "HumanTaskUiSummaries", "HumanTaskUiName"),
             ("fd", "ListFlowDefinitions", "FlowDefinitionSummaries", "FlowDefinitionName")]
    for kind, op, key, name_key in kinds:
        def listed(**members):
            r = ns.raw(op, members)
            assert r.status == 200, r.text
            return [s[name_key] for s in r.json[key]], r.json.get("NextToken"), r.json[key]
        a, b = times[kind]["a"], times[kind]["b"]
        # (CreationTimeAfter = CreationTime(a) leaves out the UI that Refs made first)
        names, token, _ = listed(MaxResults=2, CreationTimeAfter=a)
        assert names == ["a", "b"] and token
        names, token, _ = listed(MaxResults=2, CreationTimeAfter=a, NextToken=token)
        assert names == ["c"] and token is None
        names, _, summaries = listed(SortOrder="Descending", CreationTimeAfter=a)
        assert names == ["c", "b", "a"]
        assert listed(CreationTimeAfter=b)[0] == ["b", "c"]
        assert listed(CreationTimeBefore=b, CreationTimeAfter=a)[0] == ["a"]
        if kind == "fd":
            assert listed(MaxResults=2)[0] == ["a", "b"]
            assert listed(CreationTimeBefore=b)[0] == ["a"]
            assert all(s["FlowDefinitionStatus"] == "Active" for s in summaries)
        else:
            assert listed(CreationTimeBefore=b)[0] == [refs.ui_name, "a"]
    # the sweeper: page through with no filters, then delete every listed item
    fds = [s["FlowDefinitionName"] for p in ns.client.get_paginator("list_flow_definitions").paginate(
        PaginationConfig={"PageSize": 2}) for s in p["FlowDefinitionSummaries"]]
    uis = [s["HumanTaskUiName"] for p in ns.client.get_paginator("list_human_task_uis").paginate(
        PaginationConfig={"PageSize": 2}) for s in p["HumanTaskUiSummaries"]]
    assert fds == ["a", "b", "c"] and uis == [refs.ui_name, "a", "b", "c"]
    for n in fds:
        ns.client.delete_flow_definition(FlowDefinitionName=n)
    for n in uis:
        ns.client.delete_human_task_ui(HumanTaskUiName=n)
    assert ns.client.list_flow_definitions()["FlowDefinitionSummaries"] == []
    assert ns.client.list_human_task_uis()["HumanTaskUiSummaries"] == []


def test_e10_bad_references_leave_nothing_behind(ns, make_ns):
    n = tf_name()
    refs = hr.Refs(ns)
    lenient = wfe.lenient_client(ns)

    def refused(req, code, message=None, contains=()):
        before = hr.fd_names(ns)
        expect_error(lambda: lenient.create_flow_definition(**req), code, message, contains=contains)
        assert hr.fd_names(ns) == before

    missing = f"arn:aws:sagemaker:{ns.region}:{ns.account}:workteam/private-crowd/missing"
    refused(refs.request(n, loop={"WorkteamArn": missing}), "ValidationException",
            f"The specified Workteam '{missing}' does not exist or you do not have access to it.")
    for other in (make_ns(region="eu-west-1", account=ns.account), make_ns()):
        arn = hr.private_team(other, refs.team_name)
        refused(refs.request(n, loop={"WorkteamArn": arn}), "ValidationException", hr.workteam_unknown(arn))
    missing_ui = wfe.human_task_ui_arn(ns, "missing")
    refused(refs.request(n, loop={"HumanTaskUiArn": missing_ui}), "ValidationException",
            f"The specified HumanTaskUi '{missing_ui}' does not exist or you do not have access to it.")
    refused(refs.request(n, loop={"TaskAvailabilityLifetimeInSeconds": 0}), "ValidationException",
            "1 validation error detected: Value '0' at 'humanLoopConfig.taskAvailabilityLifetimeInSeconds' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1")
    refused(refs.request(n, loop={"TaskCount": 4}), "ValidationException",
            contains=("at 'humanLoopConfig.taskCount'", "Member must have value less than or equal to 3"))
    msg = expect_error(lambda: ns.client.create_human_task_ui(HumanTaskUiName="Upper", UiTemplate={"Content": T}), "ValidationException")
    assert "Value 'Upper' at 'humanTaskUiName' failed to satisfy constraint: Member must satisfy regular expression pattern" in msg
    refused(refs.request(n, HumanLoopActivationConfig=hr.activation(hr.SAMPLING_5)), "ValidationException", hr.ACTIVATION_NEEDS_SOURCE)
    assert ns.client.list_flow_definitions()["FlowDefinitionSummaries"] == []
    refs.create(n)
    refused(refs.request(n), "ResourceInUse", hr.fd_in_use(n))
    assert hr.fd_names(ns) == [n]


def test_e10_duplicate_while_deleting(emulator_factory):
    emu = emulator_factory(delay=3600)
    ns = emu.namespace()
    n = tf_name()
    refs = hr.Refs(ns)
    refs.create(n)
    hr.complete_transitions(emu)
    ns.client.delete_flow_definition(FlowDefinitionName=n)
    assert hr.fd_status(ns, n) == "Deleting"
    expect_error(lambda: ns.client.create_flow_definition(**refs.request(n)), "ResourceInUse", hr.fd_in_use(n))


def test_e11_deleting_referenced_resources(ns):
    refs = hr.Refs(ns, team="t", ui="u")
    refs.create("fd-refs")
    before = hr.describe_fd(ns, "fd-refs")
    assert before["FlowDefinitionStatus"] == "Active"
    assert hr.body(ns.client.delete_human_task_ui(HumanTaskUiName="u")) == {}
    assert hr.body(ns.client.delete_workteam(WorkteamName="t")) == {"Success": True}
    after = hr.describe_fd(ns, "fd-refs")
    assert after == before
    assert after["HumanLoopConfig"]["WorkteamArn"] == refs.team_arn and after["HumanLoopConfig"]["HumanTaskUiArn"] == refs.ui_arn
    hr.create_ui(ns, "u")  # the UI comes back under the same ARN; the team does not
    expect_error(lambda: ns.client.create_flow_definition(**refs.request("fd-new")), "ValidationException",
                 hr.workteam_unknown(refs.team_arn))


def test_e12_first_work_team_without_a_workforce(make_ns):
    ns = make_ns()
    assert ns.client.list_workforces()["Workforces"] == []
    member = {"CognitoMemberDefinition": {"UserPool": POOL, "ClientId": CLIENT, "UserGroup": "g1"}}
    wt = ns.client.create_workteam(WorkteamName="t1", Description="d", MemberDefinitions=[member])["WorkteamArn"]
    assert wt == ns.workteam_arn("t1")
    wf = ns.client.describe_workforce(WorkforceName="default")["Workforce"]
    assert wf["Status"] == "Active"
    assert wf["CognitoConfig"] == {"UserPool": POOL, "ClientId": CLIENT}
    assert wf["SourceIpConfig"] == {"Cidrs": []}
    assert ns.client.describe_workteam(WorkteamName="t1")["Workteam"]["WorkforceArn"] == \
        f"arn:aws:sagemaker:{ns.region}:{ns.account}:workforce/default"
    expect_error(lambda: ns.client.create_workforce(WorkforceName="second", CognitoConfig=wfe.COGNITO), "ValidationException",
                 f"Cannot create more than one workforce for account {ns.account}. "
                 "If you are trying to update existing workforce, please use UpdateWorkforce API")
    other_pool = {"CognitoMemberDefinition": {"UserPool": "us-east-1_Other999", "ClientId": CLIENT, "UserGroup": "g2"}}
    expect_error(lambda: ns.client.create_workteam(WorkteamName="t2", Description="d", MemberDefinitions=[other_pool]),
                 "ValidationException")
    assert ns.client.delete_workteam(WorkteamName="t1")["Success"] is True
    assert ns.client.describe_workforce(WorkforceName="default")["Workforce"]["Status"] == "Active"
    assert hr.body(ns.client.delete_workforce(WorkforceName="default")) == {}

    fresh = make_ns()
    expect_error(lambda: fresh.client.create_workteam(WorkteamName="o1", Description="d", MemberDefinitions=[wfe.oidc_member("g")]),
                 "ValidationException", "No workforce found with name default.")
    expect_error(lambda: fresh.client.create_workteam(WorkteamName="o1", Description="d", WorkforceName="x", MemberDefinitions=[member]),
                 "ValidationException", "No workforce found with name x.")
    assert fresh.client.list_workforces()["Workforces"] == []
