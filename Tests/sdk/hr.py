"""Helpers for the human-review tests (issue 14): human task UIs and flow definitions.

Spec references (§n) in the human-review test files are to /work/shared/spec/human-review-api.md;
`workforce-api.md §n` is the workforce spec. Everything here drives a real emulator through boto3 or
raw awsJson; nothing is mocked.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any
from urllib.parse import urlsplit

import wfe
from wfe import ClientError, cognito_member

# A crowd-html worker task template (Liquid + crowd elements, as Terraform's fixture is), with non-ASCII
# text so that ContentSha256 must be taken over the UTF-8 bytes, not over code points or Latin-1.
TEMPLATE = """<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>

<crowd-form>
  <crowd-instructions link-text="View instructions" link-type="button">
    <short-summary><p>Check the extracted form fields</p></short-summary>
    <detailed-instructions>
      <h3>Review the key–value pairs</h3>
      <p>Compare each extracted value with the document image. Correct it when it is wrong — “Straße”
         and “Strasse” are different values. Leave it as it is when it is right.</p>
    </detailed-instructions>
    <positive-example><p>Key: <em>Name</em>, value: <em>Zoë Müller</em>, image says Zoë Müller: keep.</p></positive-example>
    <negative-example><p>Key: <em>Total</em>, value: <em>1O0.00</em> (a letter O): correct it to 100.00.</p></negative-example>
  </crowd-instructions>

  <p><strong>Document: </strong><img src="{{ task.input.taskObject | grant_read_access }}" style="max-width: 100%"></p>
  {% for pair in task.input.selectedAiServiceResponse.blocks %}
    <crowd-input name="field-{{ forloop.index }}" label="{{ pair.key }}" value="{{ pair.value }}"></crowd-input>
  {% endfor %}
  <crowd-checkbox name="unreadable">The document is unreadable ✗</crowd-checkbox>
</crowd-form>
"""

POOL = wfe.USER_POOL
CLIENT = wfe.CLIENT_ID
TEXTRACT = "AWS/Textract/AnalyzeDocument/Forms/V1"
REKOGNITION = "AWS/Rekognition/DetectModerationLabels/Image/V3"
SOURCES = [REKOGNITION, TEXTRACT]
SAMPLING_5 = '{"Conditions":[{"ConditionParameters":{"RandomSamplingPercentage":5},"ConditionType":"Sampling"}]}'


# -- exact texts (spec §3–§5) -------------------------------------------------------------------
def ui_not_found(name: str) -> str:
    return f"Amazon SageMaker can't find a human task UI called {name}."


def fd_not_found(name: str) -> str:
    return f"Amazon SageMaker can't find a flow definition called {name}."


def ui_in_use(name: str) -> str:
    return f"Human task UI {name} already exists."


def fd_in_use(name: str) -> str:
    return f"Flow definition {name} already exists."


def workteam_unknown(arn: str) -> str:
    return f"The specified Workteam '{arn}' does not exist or you do not have access to it."


def ui_unknown(arn: str) -> str:
    return f"The specified HumanTaskUi '{arn}' does not exist or you do not have access to it."


def resource_missing(arn: str) -> str:
    """Tag operations on an ARN of nothing (spec §5, the emulator's existing text)."""
    return f"Resource {arn} does not exist."


HLC_REQUIRED = "HumanLoopConfig is required."
ACTIVATION_NEEDS_SOURCE = "HumanLoopActivationConfig can only be used with a HumanLoopRequestSource."
INVALID_CONDITIONS_PREFIX = "Invalid HumanLoopActivationConditions: "
PRICE_REQUIRED = "PublicWorkforceTaskPrice is required when WorkteamArn is the Amazon Mechanical Turk workforce."
PRICE_PRIVATE = "PublicWorkforceTaskPrice can only be specified for the Amazon Mechanical Turk workforce."


def invalid_price(usd: str) -> str:
    return f"Invalid PublicWorkforceTaskPrice {usd} USD for this task type."


def sha256_hex(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def body(response: dict) -> dict:
    """A boto3 response without its ResponseMetadata: what the server sent."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def role_arn(ns: wfe.Namespace, name: str = "a2i-human-review") -> str:
    return f"arn:{ns.partition}:iam::{ns.account}:role/{name}"


def price(dollars: int | None = None, cents: int | None = None, tenths: int | None = None) -> dict:
    usd = {k: v for k, v in (("Dollars", dollars), ("Cents", cents), ("TenthFractionsOfACent", tenths)) if v is not None}
    return {"AmountInUsd": usd}


def activation(conditions: Any) -> dict:
    """HumanLoopActivationConfig with `conditions` (a dict is JSON-encoded: the member is a string)."""
    text = conditions if isinstance(conditions, str) else json.dumps(conditions)
    return {"HumanLoopActivationConditionsConfig": {"HumanLoopActivationConditions": text}}


# -- set-up ---------------------------------------------------------------------------------------
def create_ui(ns: wfe.Namespace, name: str | None = None, content: str = TEMPLATE, **kwargs) -> str:
    """Creates a human task UI; returns its ARN (checked against the spec's format)."""
    name = name or wfe.uniq("ui")
    arn = ns.client.create_human_task_ui(HumanTaskUiName=name, UiTemplate={"Content": content}, **kwargs)["HumanTaskUiArn"]
    assert arn == wfe.human_task_ui_arn(ns, name)
    return arn


def private_team(ns: wfe.Namespace, name: str | None = None, workforce: str | None = None) -> str:
    """A Cognito workforce (if the namespace has none yet) and a work team in it; returns the team's ARN."""
    if not ns.client.list_workforces()["Workforces"]:
        ns.client.create_workforce(WorkforceName=workforce or wfe.uniq("wf"), CognitoConfig=wfe.COGNITO)
    name = name or wfe.uniq("team")
    return ns.client.create_workteam(WorkteamName=name, Description=f"reviewers {name}",
                                     MemberDefinitions=[cognito_member("reviewers")])["WorkteamArn"]


def loop_config(team_arn: str, ui_arn: str, **overrides) -> dict:
    """A HumanLoopConfig with the required members only, plus `overrides`."""
    cfg = {"WorkteamArn": team_arn, "HumanTaskUiArn": ui_arn, "TaskTitle": "Review the form",
           "TaskDescription": "Check the extracted key-value pairs against the document", "TaskCount": 1}
    cfg.update(overrides)
    return cfg


def flow_request(ns: wfe.Namespace, name: str, team_arn: str | None, ui_arn: str | None, *,
                 loop: dict | None = None, **top) -> dict:
    """A CreateFlowDefinition request: required members, a HumanLoopConfig (`loop` overrides its members),
    plus any top-level `top` members (pass HumanLoopConfig=None to leave it out)."""
    req: dict[str, Any] = {"FlowDefinitionName": name, "RoleArn": role_arn(ns),
                           "OutputConfig": {"S3OutputPath": f"s3://a2i-output-{ns.account}/{name}/"}}
    if team_arn is not None or ui_arn is not None:
        req["HumanLoopConfig"] = loop_config(team_arn, ui_arn, **(loop or {}))
    for k, v in top.items():
        if v is None:
            req.pop(k, None)
        else:
            req[k] = v
    return req


class Refs:
    """An Active private work team and a human task UI in one namespace: what a flow definition needs."""

    def __init__(self, ns: wfe.Namespace, team: str | None = None, ui: str | None = None):
        self.ns = ns
        self.team_name = team or wfe.uniq("team")
        self.ui_name = ui or wfe.uniq("ui")
        self.team_arn = private_team(ns, self.team_name)
        self.ui_arn = create_ui(ns, self.ui_name)

    def request(self, name: str, **kwargs) -> dict:
        return flow_request(self.ns, name, self.team_arn, self.ui_arn, **kwargs)

    def create(self, name: str, **kwargs) -> dict:
        """Creates a flow definition; returns the request sent."""
        req = self.request(name, **kwargs)
        arn = self.ns.client.create_flow_definition(**req)["FlowDefinitionArn"]
        assert arn == wfe.flow_definition_arn(self.ns, name)
        return req


def echoed(req: dict) -> dict:
    """What DescribeFlowDefinition must echo of a create request (spec §4.1): every member as sent
    except Tags (which Describe never carries)."""
    return {k: v for k, v in req.items() if k != "Tags"}


def described(fd: dict) -> dict:
    """A DescribeFlowDefinition body without the members the server adds."""
    return {k: v for k, v in body(fd).items()
            if k not in ("FlowDefinitionArn", "FlowDefinitionStatus", "CreationTime", "FailureReason")}


# -- reading ----------------------------------------------------------------------------------------
def describe_ui(ns: wfe.Namespace, name: str) -> dict:
    return body(ns.client.describe_human_task_ui(HumanTaskUiName=name))


def describe_fd(ns: wfe.Namespace, name: str) -> dict:
    return body(ns.client.describe_flow_definition(FlowDefinitionName=name))


def fd_status(ns: wfe.Namespace, name: str) -> str | None:
    """The flow definition's status, or None once DescribeFlowDefinition answers ResourceNotFound."""
    try:
        return ns.client.describe_flow_definition(FlowDefinitionName=name)["FlowDefinitionStatus"]
    except ClientError as err:
        code, msg = err.response["Error"]["Code"], err.response["Error"]["Message"]
        assert code == "ResourceNotFound", f"expected ResourceNotFound, got {code}: {msg}"
        assert msg == fd_not_found(name)
        return None


def wait_fd(ns: wfe.Namespace, name: str, status: str | None, timeout: float = 5.0, allowed: tuple = ()) -> float:
    """Polls until the status is `status` (None: gone); any status met meanwhile must be in `allowed`.
    Returns the seconds it took."""
    t0 = time.monotonic()
    seen = []

    def reached():
        s = fd_status(ns, name)
        if s != status:
            assert s in allowed, f"{name}: unexpected status {s!r} while waiting for {status!r} (seen {seen})"
        seen.append(s)
        return s == status
    wfe.wait_until(reached, timeout, interval=0.05, what=f"flow definition {name} to be {status or 'gone'}")
    return time.monotonic() - t0


def list_all(ns: wfe.Namespace, op: str, key: str, **kwargs) -> list[dict]:
    """Every item of ListHumanTaskUis / ListFlowDefinitions, following NextToken by hand."""
    items, token = [], None
    for _ in range(100):
        args = dict(kwargs, **({"NextToken": token} if token else {}))
        resp = getattr(ns.client, op)(**args)
        items.extend(resp[key])
        token = resp.get("NextToken")
        if not token:
            return items
        assert resp[key], "a page with NextToken must not be empty"
    raise AssertionError("more than 100 pages")


def ui_names(ns: wfe.Namespace, **kwargs) -> list[str]:
    return [s["HumanTaskUiName"] for s in list_all(ns, "list_human_task_uis", "HumanTaskUiSummaries", **kwargs)]


def fd_names(ns: wfe.Namespace, **kwargs) -> list[str]:
    return [s["FlowDefinitionName"] for s in list_all(ns, "list_flow_definitions", "FlowDefinitionSummaries", **kwargs)]


def tags_of(ns: wfe.Namespace, arn: str) -> dict[str, str]:
    tags = []
    for page in ns.client.get_paginator("list_tags").paginate(ResourceArn=arn):
        tags.extend(page["Tags"])
    return {t["Key"]: t["Value"] for t in tags}


def template_path(url: str, emu: wfe.Emulator) -> str:
    """The path of a UiTemplate.Url, after checking that it points at the emulator itself."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == emu.url, f"Url {url} is not served by the emulator at {emu.url}"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def expected_template_url(ns: wfe.Namespace, name: str, base: str | None = None) -> str:
    return f"{base or ns.emulator.url}/_emulator/human-task-uis/{ns.account}/{ns.region}/{name}/template"


# -- admin ------------------------------------------------------------------------------------------
def admin_post(emu: wfe.Emulator, path: str, payload: Any = None) -> wfe.RawResponse:
    data = json.dumps(payload).encode() if payload is not None else b""
    return emu.http("POST", path, body=data)


def complete_transitions(emu: wfe.Emulator) -> int:
    r = admin_post(emu, "/_emulator/transitions/complete")
    assert r.status == 200, r.text
    return r.json["completed"]


def raw_error(r: wfe.RawResponse, code: str, message: str | None = None, status: int = 400) -> dict:
    """Asserts an awsJson error response: status, X-Amzn-ErrorType, __type, message and Message agree."""
    assert r.status == status, (r.status, r.text)
    assert r.header("X-Amzn-ErrorType") == code, r.headers
    doc = r.json
    assert doc["__type"] == code, doc
    assert doc["message"] == doc["Message"], doc
    if message is not None:
        assert doc["message"] == message, doc
    return doc
