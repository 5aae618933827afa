"""Human task UIs and flow definitions beyond single calls (issue 14): persistence across restart and
kill -9, /_emulator/state, /_emulator/reset, /_emulator/health, fixtures (`humanTaskUis`,
`flowDefinitions`), the AWS CLI, and what stays 501 (human-review-api.md §1, §4.2, §10).

Decisions this file pins where the spec is silent (the implementation must follow them):
- Fixture items: `humanTaskUis[i]` is a CreateHumanTaskUi request, `flowDefinitions[i]` a CreateFlowDefinition
  request, each plus optional `Region` / `AccountId`. They load after workforces and work teams, UIs before
  flow definitions, so a flow definition may name a UI and a team of any fixture file loaded in the same
  start. Every rule of the API applies and any violation stops the start (`fixture <file>:
  flowDefinitions[0]: ValidationException: ...`), except the two references: a flow definition whose work
  team or UI does not exist (§4.3 rules 6-7) is skipped with a warning line naming the file, the item and
  the flow definition, and the start goes on. Fixture flow definitions start `Active`. Loading is
  create-if-absent, as for workforces.
- A fixture work team with Cognito members and no WorkforceName, in a namespace with no workforce, creates
  workforce `default` exactly as CreateWorkteam does (human-review-api.md §7).
- `/_emulator/state` writes `humanTaskUis` (with `UiTemplate.Content` and `Tags`) and `flowDefinitions`
  (every member given at create, plus `Tags`), each with `Region` and `AccountId`, leaving out flow
  definitions that are `Deleting`; the file loads back with `--fixtures` and exports again unchanged.
- `/_emulator/reset` answers `loaded` with `humanTaskUis` and `flowDefinitions` counts next to
  `workforces` / `workteams`; `/_emulator/health` counts `humanTaskUis` and `flowDefinitions` too.
"""

from __future__ import annotations

import json
import re
import time

import pytest

import hr
import wfe
from wfe import COGNITO, cognito_member, expect_error

ACCOUNT = "444455556666"
NEW_OPERATIONS = ["CreateHumanTaskUi", "DescribeHumanTaskUi", "ListHumanTaskUis", "DeleteHumanTaskUi",
                  "CreateFlowDefinition", "DescribeFlowDefinition", "ListFlowDefinitions", "DeleteFlowDefinition"]


def write(path, data):
    path.write_text(json.dumps(data))
    return path


def team_arn(name, account=ACCOUNT, region="us-east-1"):
    return f"arn:aws:sagemaker:{region}:{account}:workteam/private-crowd/{name}"


def ui_arn(name, account=ACCOUNT, region="us-east-1"):
    return f"arn:aws:sagemaker:{region}:{account}:human-task-ui/{name}"


def fixture_fd(name, team="fx-team", ui="fx-ui", **extra):
    item = {"AccountId": ACCOUNT, "FlowDefinitionName": name, "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/a2i",
            "OutputConfig": {"S3OutputPath": f"s3://fx-bucket/{name}/"},
            "HumanLoopConfig": {"WorkteamArn": team_arn(team), "HumanTaskUiArn": ui_arn(ui), "TaskTitle": "t",
                                "TaskDescription": "d", "TaskCount": 1, "TaskTimeLimitInSeconds": 600}}
    item.update(extra)
    return item


def base_fixture():
    return {
        "workforces": [{"AccountId": ACCOUNT, "WorkforceName": "fx-wf", "CognitoConfig": COGNITO}],
        "workteams": [{"AccountId": ACCOUNT, "WorkteamName": "fx-team", "Description": "d", "MemberDefinitions": [cognito_member()]}],
        "humanTaskUis": [{"AccountId": ACCOUNT, "HumanTaskUiName": "fx-ui", "UiTemplate": {"Content": hr.TEMPLATE},
                          "Tags": [{"Key": "source", "Value": "fixture"}]}],
        "flowDefinitions": [fixture_fd("fx-fd", Tags=[{"Key": "source", "Value": "fixture"}],
                                       HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.TEXTRACT},
                                       HumanLoopActivationConfig=hr.activation(hr.SAMPLING_5))],
    }


def fx_ns(emu):
    return emu.namespace("us-east-1", account=ACCOUNT)


def everything(ns, uis, fds):
    """What a client sees of the human-review resources of a namespace."""
    return {
        "uis": {n: {k: v for k, v in hr.describe_ui(ns, n).items()} for n in uis},
        "fds": {n: hr.describe_fd(ns, n) for n in fds},
        "ui_list": ns.client.list_human_task_uis(MaxResults=100)["HumanTaskUiSummaries"],
        "fd_list": ns.client.list_flow_definitions(MaxResults=100)["FlowDefinitionSummaries"],
        "tags": {n: ns.client.list_tags(ResourceArn=wfe.human_task_ui_arn(ns, n))["Tags"] for n in uis}
        | {f"fd:{n}": ns.client.list_tags(ResourceArn=wfe.flow_definition_arn(ns, n))["Tags"] for n in fds},
    }


# -- persistence -----------------------------------------------------------------------------------------
def test_restart_keeps_uis_and_flow_definitions(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace("eu-west-1")
    refs = hr.Refs(ns, ui="keep-ui")
    hr.create_ui(ns, "keep-ui-2", content="<p>zwei</p>", Tags=[{"Key": "k", "Value": "v"}])
    refs.create("keep-fd", Tags=[{"Key": "t", "Value": "1"}],
                HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.REKOGNITION},
                HumanLoopActivationConfig=hr.activation({"Conditions": [{"ConditionType": "Sampling"}]}))
    refs.create("keep-fd-2", loop={"TaskKeywords": ["Image"]})
    before = everything(ns, ["keep-ui", "keep-ui-2"], ["keep-fd", "keep-fd-2"])
    assert emu.stop() == 0
    emu.start()
    ns2 = emu.namespace("eu-west-1", account=ns.account)
    after = everything(ns2, ["keep-ui", "keep-ui-2"], ["keep-fd", "keep-fd-2"])
    # the Url carries the new port; everything else is identical
    for ui in list(before["uis"].values()) + list(after["uis"].values()):
        ui["UiTemplate"]["Url"] = re.sub(r"^http://[^/]+", "", ui["UiTemplate"]["Url"])
    assert after == before
    r = emu.http("GET", after["uis"]["keep-ui-2"]["UiTemplate"]["Url"])
    assert r.status == 200 and r.body == b"<p>zwei</p>"
    # the rules see the restored state
    expect_error(lambda: ns2.client.create_flow_definition(**refs.request("keep-fd")), "ResourceInUse", hr.fd_in_use("keep-fd"))
    expect_error(lambda: hr.create_ui(ns2, "keep-ui"), "ResourceInUse", hr.ui_in_use("keep-ui"))


def test_kill_9_right_after_acknowledged_writes_loses_nothing(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace("ap-south-1")
    refs = hr.Refs(ns)
    for i in range(4):
        hr.create_ui(ns, f"crash-ui-{i}")
        refs.create(f"crash-fd-{i}")
    ns.client.delete_human_task_ui(HumanTaskUiName="crash-ui-1")
    ns.client.delete_flow_definition(FlowDefinitionName="crash-fd-2")
    ns.client.add_tags(ResourceArn=wfe.flow_definition_arn(ns, "crash-fd-3"), Tags=[{"Key": "last", "Value": "write"}])
    uis, fds = ["crash-ui-0", "crash-ui-2", "crash-ui-3"], ["crash-fd-0", "crash-fd-1", "crash-fd-3"]
    before = everything(ns, uis, fds)
    emu.kill()
    assert emu.proc.returncode == -9
    emu.start()
    ns2 = emu.namespace("ap-south-1", account=ns.account)
    after = everything(ns2, uis, fds)
    for ui in list(before["uis"].values()) + list(after["uis"].values()):
        ui["UiTemplate"]["Url"] = re.sub(r"^http://[^/]+", "", ui["UiTemplate"]["Url"])
    assert after == before
    assert after["tags"]["fd:crash-fd-3"] == [{"Key": "last", "Value": "write"}]
    expect_error(lambda: ns2.client.describe_human_task_ui(HumanTaskUiName="crash-ui-1"), "ResourceNotFound")
    expect_error(lambda: ns2.client.describe_flow_definition(FlowDefinitionName="crash-fd-2"), "ResourceNotFound")


def test_pending_transitions_finish_on_time_after_kill_9(emulator_factory):
    delay = 1.5
    emu = emulator_factory(delay=0)
    ns = emu.namespace("us-west-1")
    refs = hr.Refs(ns)
    refs.create("leaving")
    emu.kill()
    emu.delay = delay
    emu.start()
    ns = emu.namespace("us-west-1", account=ns.account)
    t0 = time.monotonic()
    refs.ns = ns
    refs.create("arriving")
    ns.client.delete_flow_definition(FlowDefinitionName="leaving")
    assert hr.fd_status(ns, "arriving") == "Initializing" and hr.fd_status(ns, "leaving") == "Deleting"
    emu.kill()
    emu.delay = 60  # a much longer configured delay after the restart: the stored due time must win
    emu.start()
    ns = emu.namespace("us-west-1", account=ns.account)
    if time.monotonic() - t0 < delay * 0.8:
        assert hr.fd_status(ns, "arriving") == "Initializing"
        assert hr.fd_status(ns, "leaving") == "Deleting"
    remaining = max(1.0, delay + 4 - (time.monotonic() - t0))
    hr.wait_fd(ns, "arriving", "Active", timeout=remaining, allowed=("Initializing",))
    hr.wait_fd(ns, "leaving", None, timeout=remaining, allowed=("Deleting",))
    assert time.monotonic() - t0 >= delay * 0.8


# -- /_emulator/state ---------------------------------------------------------------------------------------
def test_state_exports_uis_with_content_and_flow_definitions_and_loads_back(emulator_factory, tmp_path):
    emu = emulator_factory(delay=0)
    ns = emu.namespace("eu-central-1")
    refs = hr.Refs(ns, ui="state-ui")
    full = refs.create("state-fd", Tags=[{"Key": "k", "Value": "v"}],
                       OutputConfig={"S3OutputPath": "s3://b/out", "KmsKeyId": "alias/a2i"},
                       loop={"TaskKeywords": ["Forms"], "TaskAvailabilityLifetimeInSeconds": 600, "TaskTimeLimitInSeconds": 300},
                       HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.TEXTRACT},
                       HumanLoopActivationConfig=hr.activation(hr.SAMPLING_5))
    minimal = refs.create("state-min")
    public = hr.flow_request(ns, "state-public", wfe.public_crowd_arn(ns), refs.ui_arn,
                             loop={"PublicWorkforceTaskPrice": hr.price(0, 1, 2)})
    ns.client.create_flow_definition(**public)
    hr.create_ui(ns, "tagged-ui", content="<b>é</b>", Tags=[{"Key": "a", "Value": "b"}])
    gone = hr.create_ui(ns, "gone-ui")
    ns.client.delete_human_task_ui(HumanTaskUiName="gone-ui")

    state = emu.http("GET", "/_emulator/state")
    assert state.status == 200
    exported = state.json
    uis = {u["HumanTaskUiName"]: u for u in exported["humanTaskUis"]}
    assert set(uis) == {"state-ui", "tagged-ui"}, "deleted UIs are not exported"
    assert uis["state-ui"]["UiTemplate"] == {"Content": hr.TEMPLATE}
    assert uis["tagged-ui"]["UiTemplate"] == {"Content": "<b>é</b>"} and uis["tagged-ui"]["Tags"] == [{"Key": "a", "Value": "b"}]
    assert (uis["state-ui"]["Region"], uis["state-ui"]["AccountId"]) == ("eu-central-1", ns.account)
    fds = {f["FlowDefinitionName"]: f for f in exported["flowDefinitions"]}
    assert set(fds) == {"state-fd", "state-min", "state-public"}
    for name, req in (("state-fd", full), ("state-min", minimal), ("state-public", public)):
        item = fds[name]
        for member, value in req.items():
            assert item[member] == value, f"{name}.{member} exported as {item.get(member)!r}, created as {value!r}"
        assert (item["Region"], item["AccountId"]) == ("eu-central-1", ns.account)
    assert "Tags" not in fds["state-min"] or fds["state-min"]["Tags"] == []
    assert "PublicWorkforceTaskPrice" not in fds["state-min"]["HumanLoopConfig"]

    fixture = write(tmp_path / "state.json", exported)
    again = emulator_factory(name="reloaded", delay=60, args=["--fixtures", str(fixture)])
    assert again.http("GET", "/_emulator/state").json == exported
    ns2 = again.namespace("eu-central-1", account=ns.account)
    assert hr.describe_ui(ns2, "state-ui")["UiTemplate"]["ContentSha256"] == hr.sha256_hex(hr.TEMPLATE)
    for name, req in (("state-fd", full), ("state-min", minimal), ("state-public", public)):
        fd = hr.describe_fd(ns2, name)
        assert fd["FlowDefinitionStatus"] == "Active", "fixture flow definitions start Active"
        assert hr.described(fd) == hr.echoed(req)
    assert hr.tags_of(ns2, wfe.flow_definition_arn(ns2, "state-fd")) == {"k": "v"}
    assert gone not in state.text


def test_state_leaves_out_deleting_flow_definitions(emulator_factory):
    emu = emulator_factory(delay=3600)
    ns = emu.namespace()
    refs = hr.Refs(ns)
    refs.create("stays")
    refs.create("goes")
    hr.complete_transitions(emu)
    refs.create("starting")
    ns.client.delete_flow_definition(FlowDefinitionName="goes")
    assert hr.fd_status(ns, "goes") == "Deleting" and hr.fd_status(ns, "starting") == "Initializing"
    names = sorted(f["FlowDefinitionName"] for f in emu.http("GET", "/_emulator/state").json["flowDefinitions"])
    assert names == ["starting", "stays"]


# -- /_emulator/reset and health --------------------------------------------------------------------------
def test_reset_restores_the_fixture_baseline(emulator_factory, tmp_path):
    fx = write(tmp_path / "seed.json", base_fixture())
    emu = emulator_factory(delay=0, args=["--fixtures", str(fx)])
    ns = fx_ns(emu)
    other = emu.namespace()
    ns.client.delete_flow_definition(FlowDefinitionName="fx-fd")
    ns.client.delete_human_task_ui(HumanTaskUiName="fx-ui")
    hr.create_ui(ns, "client-ui")
    hr.create_ui(other, "other-ui")
    health = emu.http("GET", "/_emulator/health").json
    assert (health["humanTaskUis"], health["flowDefinitions"]) == (2, 0)

    assert hr.admin_post(emu, f"/_emulator/reset?account={other.account}").status == 200
    assert hr.ui_names(other) == []
    assert hr.ui_names(ns) == ["client-ui"], "a reset of another account leaves this one alone"

    reset = hr.admin_post(emu, "/_emulator/reset")
    assert reset.status == 200
    assert reset.json["loaded"] == {"workforces": 1, "workteams": 1, "humanTaskUis": 1, "flowDefinitions": 1}
    assert hr.ui_names(ns) == ["fx-ui"]
    assert hr.fd_names(ns) == ["fx-fd"]
    assert hr.fd_status(ns, "fx-fd") == "Active"
    assert hr.tags_of(ns, wfe.flow_definition_arn(ns, "fx-fd")) == {"source": "fixture"}
    health = emu.http("GET", "/_emulator/health").json
    assert (health["humanTaskUis"], health["flowDefinitions"]) == (1, 1)


def test_reset_clears_flow_definitions_of_an_emulator_without_fixtures(ns, make_ns):
    emu = ns.emulator
    account = wfe.random_account()
    mine = make_ns(account=account)
    hr.Refs(mine).create("reset-me")
    assert hr.admin_post(emu, f"/_emulator/reset?account={account}").status == 200
    assert hr.fd_names(mine) == [] and hr.ui_names(mine) == []
    expect_error(lambda: mine.client.describe_flow_definition(FlowDefinitionName="reset-me"), "ResourceNotFound")


# -- fixtures ---------------------------------------------------------------------------------------------
def test_fixture_uis_and_flow_definitions_load_active(emulator_factory, tmp_path):
    data = base_fixture()
    fx = write(tmp_path / "seed.json", data)
    emu = emulator_factory(delay=60, args=["--fixtures", str(fx)])  # a long delay: fixtures start Active anyway
    ns = fx_ns(emu)
    ui = hr.describe_ui(ns, "fx-ui")
    assert ui["HumanTaskUiStatus"] == "Active"
    assert ui["HumanTaskUiArn"] == ui_arn("fx-ui")
    assert ui["UiTemplate"]["ContentSha256"] == hr.sha256_hex(hr.TEMPLATE)
    assert emu.http("GET", hr.template_path(ui["UiTemplate"]["Url"], emu)).body == hr.TEMPLATE.encode()
    assert hr.tags_of(ns, ui["HumanTaskUiArn"]) == {"source": "fixture"}
    fd = hr.describe_fd(ns, "fx-fd")
    assert fd["FlowDefinitionStatus"] == "Active"
    item = {k: v for k, v in data["flowDefinitions"][0].items() if k not in ("AccountId", "Region")}
    assert hr.described(fd) == hr.echoed(item)
    assert hr.tags_of(ns, fd["FlowDefinitionArn"]) == {"source": "fixture"}


def test_fixture_loading_is_create_if_absent_across_restart(emulator_factory, tmp_path):
    fx = write(tmp_path / "seed.json", base_fixture())
    emu = emulator_factory(delay=0, args=["--fixtures", str(fx)])
    ns = fx_ns(emu)
    ns.client.delete_flow_definition(FlowDefinitionName="fx-fd")
    ns.client.add_tags(ResourceArn=ui_arn("fx-ui"), Tags=[{"Key": "source", "Value": "client"}])
    assert emu.stop() == 0
    emu.start()
    ns = fx_ns(emu)
    assert hr.tags_of(ns, ui_arn("fx-ui")) == {"source": "client"}, "a restart keeps what clients changed"
    # the deleted one is absent from the database, so the fixture creates it again (as for workforces/teams)
    assert hr.fd_status(ns, "fx-fd") == "Active"


@pytest.mark.parametrize("broken", ["team", "ui"])
def test_fixture_flow_definition_with_a_missing_reference_is_skipped_with_a_warning(emulator_factory, tmp_path, broken):
    data = base_fixture()
    kwargs = {"team": "no-such-team"} if broken == "team" else {"ui": "no-such-ui"}
    data["flowDefinitions"].insert(0, fixture_fd("dangling-fd", **kwargs))
    fx = write(tmp_path / "dangling.json", data)
    emu = emulator_factory(delay=0, args=["--fixtures", str(fx)])  # starts all the same
    ns = fx_ns(emu)
    expect_error(lambda: ns.client.describe_flow_definition(FlowDefinitionName="dangling-fd"), "ResourceNotFound")
    assert hr.fd_names(ns) == ["fx-fd"], "the other items load"
    lines = [l for l in emu.stderr_text().splitlines() if "dangling-fd" in l]
    assert lines, "a warning line naming the skipped flow definition is expected on stderr"
    assert any("level=warning" in l and "dangling.json" in l and "flowDefinitions[0]" in l for l in lines), lines


@pytest.mark.parametrize("kind,item,expected", [
    ("humanTaskUis", {"HumanTaskUiName": "Upper", "UiTemplate": {"Content": "<p/>"}}, ["humanTaskUiName", "ValidationException"]),
    ("humanTaskUis", {"HumanTaskUiName": "empty", "UiTemplate": {"Content": ""}}, ["uiTemplate.content", "ValidationException"]),
    ("flowDefinitions", fixture_fd("bad-count", HumanLoopConfig=dict(fixture_fd("x")["HumanLoopConfig"], TaskCount=4)),
     ["humanLoopConfig.taskCount", "ValidationException"]),
    ("flowDefinitions", {k: v for k, v in fixture_fd("no-loop").items() if k != "HumanLoopConfig"}, [hr.HLC_REQUIRED]),
    ("flowDefinitions", fixture_fd("no-source", HumanLoopActivationConfig=hr.activation(hr.SAMPLING_5)), [hr.ACTIVATION_NEEDS_SOURCE]),
    ("flowDefinitions", fixture_fd("bad-doc", HumanLoopRequestSource={"AwsManagedHumanLoopRequestSource": hr.TEXTRACT},
                                   HumanLoopActivationConfig=hr.activation("[]")), [hr.INVALID_CONDITIONS_PREFIX]),
], ids=["ui-name", "ui-empty-content", "fd-task-count", "fd-no-loop", "fd-activation-without-source", "fd-bad-conditions"])
def test_malformed_fixture_item_refuses_start_naming_file_item_and_rule(tmp_path, kind, item, expected):
    db = tmp_path / "fx.sqlite3"
    data = base_fixture()
    data[kind].append(dict(item, AccountId=ACCOUNT))
    index = len(data[kind]) - 1
    fx = write(tmp_path / "bad-hr.json", data)
    p = wfe.start_expecting_failure(["--port", "0", "--db", str(db), "--transition-delay", "0", "--fixtures", str(fx)], cwd=tmp_path)
    assert not p.started, "start-up must abort on an invalid fixture"
    assert p.returncode not in (0, None), p.stderr
    assert "bad-hr.json" in p.stderr and f"{kind}[{index}]" in p.stderr, p.stderr
    for part in expected:
        assert part in p.stderr, f"{part!r} not in {p.stderr!r}"
    # nothing of that load was applied
    emu = wfe.Emulator(tmp_path / "after", db=str(db), delay=0, name="after-bad-hr-fixture")
    emu.start()
    try:
        ns = fx_ns(emu)
        assert ns.client.list_workforces()["Workforces"] == []
        assert hr.ui_names(ns) == [] and hr.fd_names(ns) == []
    finally:
        emu.stop()


def test_fixture_cognito_team_without_workforce_creates_default(emulator_factory, tmp_path):
    fx = write(tmp_path / "team-only.json", {"workteams": [
        {"AccountId": ACCOUNT, "WorkteamName": "lonely", "Description": "d", "MemberDefinitions": [cognito_member()]}]})
    emu = emulator_factory(delay=60, args=["--fixtures", str(fx)])
    ns = fx_ns(emu)
    wf = ns.client.describe_workforce(WorkforceName="default")["Workforce"]
    assert wf["Status"] == "Active" and wf["CognitoConfig"] == COGNITO
    assert ns.client.describe_workteam(WorkteamName="lonely")["Workteam"]["WorkforceArn"] == ns.workforce_arn("default")


# -- AWS CLI ----------------------------------------------------------------------------------------------
def test_cli_human_task_ui_round_trip(ns):
    created = ns.cli("sagemaker", "create-human-task-ui", "--human-task-ui-name", "cli-ui",
                     "--ui-template", json.dumps({"Content": hr.TEMPLATE}),
                     "--tags", json.dumps([{"Key": "via", "Value": "cli"}])).json
    assert created == {"HumanTaskUiArn": wfe.human_task_ui_arn(ns, "cli-ui")}
    ui = ns.cli("sagemaker", "describe-human-task-ui", "--human-task-ui-name", "cli-ui").json
    assert ui["HumanTaskUiStatus"] == "Active"
    assert ui["UiTemplate"]["ContentSha256"] == hr.sha256_hex(hr.TEMPLATE)
    assert "Content" not in ui["UiTemplate"]
    for name in ("cli-ui-b", "cli-ui-c"):
        hr.create_ui(ns, name)
    listed = ns.cli("sagemaker", "list-human-task-uis", "--page-size", "1").json
    assert [s["HumanTaskUiName"] for s in listed["HumanTaskUiSummaries"]] == ["cli-ui", "cli-ui-b", "cli-ui-c"]
    assert "NextToken" not in listed
    assert ns.cli("sagemaker", "delete-human-task-ui", "--human-task-ui-name", "cli-ui").json == {}
    r = ns.cli("sagemaker", "describe-human-task-ui", "--human-task-ui-name", "cli-ui", check=False)
    assert r.returncode != 0 and r.stdout.strip() == ""
    assert re.search(r"An error occurred \(ResourceNotFound\) when calling the DescribeHumanTaskUi operation"
                     r"( \(reached max retries: \d+\))?: Amazon SageMaker can't find a human task UI called cli-ui\.$",
                     r.stderr.strip()), r.stderr


def test_cli_flow_definition_round_trip(ns):
    refs = hr.Refs(ns)
    loop = hr.loop_config(refs.team_arn, refs.ui_arn, TaskTimeLimitInSeconds=3600, TaskAvailabilityLifetimeInSeconds=1)
    created = ns.cli("sagemaker", "create-flow-definition", "--flow-definition-name", "cli-fd",
                     "--role-arn", hr.role_arn(ns), "--output-config", "S3OutputPath=s3://cli-bucket/out/",
                     "--human-loop-config", json.dumps(loop),
                     "--human-loop-request-source", "AwsManagedHumanLoopRequestSource=" + hr.TEXTRACT,
                     "--human-loop-activation-config", json.dumps(hr.activation(hr.SAMPLING_5))).json
    assert created == {"FlowDefinitionArn": wfe.flow_definition_arn(ns, "cli-fd")}
    fd = ns.cli("sagemaker", "describe-flow-definition", "--flow-definition-name", "cli-fd").json
    assert fd["FlowDefinitionStatus"] == "Active"
    assert fd["HumanLoopConfig"] == loop
    assert fd["OutputConfig"] == {"S3OutputPath": "s3://cli-bucket/out/"}
    assert fd["HumanLoopActivationConfig"] == hr.activation(hr.SAMPLING_5)
    refs.create("cli-fd-b")
    listed = ns.cli("sagemaker", "list-flow-definitions", "--page-size", "1", "--sort-order", "Descending").json
    assert [s["FlowDefinitionName"] for s in listed["FlowDefinitionSummaries"]] == ["cli-fd-b", "cli-fd"]
    assert all(s["FlowDefinitionStatus"] == "Active" for s in listed["FlowDefinitionSummaries"])
    assert ns.cli("sagemaker", "delete-flow-definition", "--flow-definition-name", "cli-fd").json == {}
    r = ns.cli("sagemaker", "delete-flow-definition", "--flow-definition-name", "cli-fd", check=False)
    assert r.returncode != 0
    assert "(ResourceNotFound)" in r.stderr and "Amazon SageMaker can't find a flow definition called cli-fd." in r.stderr
    r = ns.cli("sagemaker", "create-flow-definition", "--flow-definition-name", "cli-bad", "--role-arn", hr.role_arn(ns),
               "--output-config", "S3OutputPath=s3://b/", "--human-loop-config",
               json.dumps(dict(loop, WorkteamArn=ns.workteam_arn("missing"))), check=False)
    assert r.returncode != 0 and hr.workteam_unknown(ns.workteam_arn("missing")) in r.stderr


# -- what is (not) emulated -------------------------------------------------------------------------------
def test_render_ui_template_is_still_501_and_names_the_new_operations(ns):
    r = ns.raw("RenderUiTemplate", {"UiTemplate": {"Content": "<p/>"}, "Task": {"Input": "{}"}, "RoleArn": hr.role_arn(ns)})
    doc = hr.raw_error(r, "NotImplemented", status=501)
    emulated = doc["message"].split("Emulated operations:", 1)[1]
    for op in NEW_OPERATIONS + ["CreateWorkforce", "AddTags"]:
        assert re.search(rf"\b{op}\b", emulated), f"{op} not named as emulated: {doc['message']}"
    assert "RenderUiTemplate" not in emulated


@pytest.mark.parametrize("operation", NEW_OPERATIONS)
def test_the_new_operations_no_longer_answer_501(ns, operation):
    r = ns.raw(operation, {})
    assert r.status in (200, 400), (r.status, r.text)
    assert r.json.get("__type") != "NotImplemented"
    if r.status == 400:
        assert r.json["__type"] == "ValidationException", r.text


def test_the_a2i_runtime_is_out_of_scope(ns):
    """sagemaker-a2i-runtime is rest-json: sent here it gets today's answers (spec §1)."""
    r = ns.raw(None, {"HumanLoopName": "loop", "FlowDefinitionArn": "arn", "HumanLoopInput": {"InputContent": "{}"}},
               target="", path="/human-loops", content_type="application/json")
    hr.raw_error(r, "UnknownOperationException")
    assert ns.emulator.http("GET", "/human-loops/loop").status == 405
    assert ns.emulator.http("DELETE", "/human-loops/loop").status == 405
