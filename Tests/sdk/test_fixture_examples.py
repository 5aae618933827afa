"""The example fixtures in Fixtures/ (issue 3, part 1): each loads, and boto3 sees exactly what it declares.

The assertions are derived from the files themselves, so an edited example stays tested; a few
hard-coded checks keep each example showing what it is there to show (README table in Fixtures/).
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

import wfe

FIXTURES = wfe.REPO / "Fixtures"
EXAMPLES = ["cognito-ip-allowlist.json", "human-review.json", "oidc-multi-region.json", "vpc-workforce.json"]
DEFAULT_REGION = "us-east-1"
# A long transition delay: a fixture workforce must be Active at once, not after the delay.
DELAY = 60


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def namespace_of(item: dict) -> tuple[str, str]:
    return item.get("Region", DEFAULT_REGION), item.get("AccountId", wfe.DEFAULT_ACCOUNT)


def client_ns(emu: wfe.Emulator, region: str, account: str) -> wfe.Namespace:
    if account == wfe.DEFAULT_ACCOUNT:
        # an access key that is not 12 digits lands in the configured default account
        return emu.namespace(region, access_key="EXAMPLEACCESSKEY")
    return emu.namespace(region, account=account)


def by_namespace(data: dict) -> dict[tuple[str, str], dict[str, list[dict]]]:
    spaces: dict[tuple[str, str], dict[str, list[dict]]] = defaultdict(
        lambda: {"workforces": [], "workteams": [], "humanTaskUis": [], "flowDefinitions": []})
    for kind in ("workforces", "workteams", "humanTaskUis", "flowDefinitions"):
        for item in data.get(kind, []):
            spaces[namespace_of(item)][kind].append(item)
    return spaces


def sorted_tags(tags: list[dict]) -> list[dict]:
    return sorted(tags, key=lambda t: t["Key"])


def assert_workforce(ns: wfe.Namespace, item: dict) -> dict:
    name = item["WorkforceName"]
    wf = ns.client.describe_workforce(WorkforceName=name)["Workforce"]
    wfe.no_nulls(wf)
    assert wf["WorkforceName"] == name
    assert wf["WorkforceArn"] == ns.workforce_arn(name)
    assert wf["Status"] == "Active", f"fixture workforce {name} must start Active: {wf}"
    assert wf["SourceIpConfig"] == item.get("SourceIpConfig", {"Cidrs": []})
    assert wf["SubDomain"].endswith(f".labeling.{ns.region}.sagemaker.aws"), wf["SubDomain"]
    if "CognitoConfig" in item:
        assert wf["CognitoConfig"] == item["CognitoConfig"]
        assert "OidcConfig" not in wf
    else:
        assert wf["OidcConfig"] == wfe.without_secret(item["OidcConfig"]), "ClientSecret is write-only"
        assert "CognitoConfig" not in wf
    if "WorkforceVpcConfig" in item:
        vpc = dict(wf["WorkforceVpcConfig"])
        assert vpc.pop("VpcEndpointId", "").startswith("vpce-"), "an Active VPC workforce has its endpoint"
        assert vpc == item["WorkforceVpcConfig"]
    else:
        assert "WorkforceVpcConfig" not in wf
    if "IpAddressType" in item:
        assert wf["IpAddressType"] == item["IpAddressType"]
    assert [w["WorkforceName"] for w in ns.client.list_workforces()["Workforces"]] == [name]
    return wf


def assert_workteam(ns: wfe.Namespace, item: dict, workforce: dict):
    name = item["WorkteamName"]
    team = ns.client.describe_workteam(WorkteamName=name)["Workteam"]
    wfe.no_nulls(team)
    assert team["WorkteamName"] == name
    assert team["WorkteamArn"] == ns.workteam_arn(name)
    assert team["WorkforceArn"] == workforce["WorkforceArn"]
    assert team["Description"] == item["Description"]
    assert team["MemberDefinitions"] == item["MemberDefinitions"]
    assert team["SubDomain"] == workforce["SubDomain"]
    if "NotificationConfiguration" in item:
        assert team["NotificationConfiguration"] == item["NotificationConfiguration"]
    tags = ns.client.list_tags(ResourceArn=team["WorkteamArn"])["Tags"]
    assert sorted_tags(tags) == sorted_tags(item.get("Tags", []))


def assert_example_loaded(emu: wfe.Emulator, data: dict):
    for (region, account), items in by_namespace(data).items():
        ns = client_ns(emu, region, account)
        assert len(items["workforces"]) == 1, f"one workforce per namespace ({region}, {account})"
        wf = assert_workforce(ns, items["workforces"][0])
        for team in items["workteams"]:
            assert team.get("WorkforceName", wf["WorkforceName"]) == wf["WorkforceName"]
            assert_workteam(ns, team, wf)
        listed = [t["WorkteamName"] for t in ns.client.list_workteams(MaxResults=100)["Workteams"]]
        assert sorted(listed) == sorted(t["WorkteamName"] for t in items["workteams"])
        if items["humanTaskUis"] or items["flowDefinitions"]:
            assert_human_review(emu, ns, items)


def assert_human_review(emu: wfe.Emulator, ns: wfe.Namespace, items: dict[str, list[dict]]):
    """Human task UIs and flow definitions (issue 14): Active at once, echoed as declared, tags listed."""
    import hashlib
    for item in items["humanTaskUis"]:
        name = item["HumanTaskUiName"]
        ui = ns.client.describe_human_task_ui(HumanTaskUiName=name)
        assert ui["HumanTaskUiArn"] == f"arn:{ns.partition}:sagemaker:{ns.region}:{ns.account}:human-task-ui/{name}"
        assert ui["HumanTaskUiStatus"] == "Active"
        content = item["UiTemplate"]["Content"]
        assert ui["UiTemplate"]["ContentSha256"] == hashlib.sha256(content.encode("utf-8")).hexdigest()
        path = ui["UiTemplate"]["Url"].split(emu.url, 1)[1]
        assert emu.http("GET", path).body == content.encode("utf-8")
        assert sorted_tags(ns.client.list_tags(ResourceArn=ui["HumanTaskUiArn"])["Tags"]) == sorted_tags(item.get("Tags", []))
    listed = [s["HumanTaskUiName"] for s in ns.client.list_human_task_uis(MaxResults=100)["HumanTaskUiSummaries"]]
    assert sorted(listed) == sorted(i["HumanTaskUiName"] for i in items["humanTaskUis"])
    for item in items["flowDefinitions"]:
        name = item["FlowDefinitionName"]
        fd = ns.client.describe_flow_definition(FlowDefinitionName=name)
        assert fd["FlowDefinitionStatus"] == "Active", f"fixture flow definition {name} must start Active"
        declared = {k: v for k, v in item.items() if k not in ("Region", "AccountId", "Tags")}
        got = {k: v for k, v in fd.items() if k not in ("ResponseMetadata", "FlowDefinitionArn", "FlowDefinitionStatus", "CreationTime")}
        assert got == declared
        assert sorted_tags(ns.client.list_tags(ResourceArn=fd["FlowDefinitionArn"])["Tags"]) == sorted_tags(item.get("Tags", []))
    listed = [s["FlowDefinitionName"] for s in ns.client.list_flow_definitions(MaxResults=100)["FlowDefinitionSummaries"]]
    assert sorted(listed) == sorted(i["FlowDefinitionName"] for i in items["flowDefinitions"])


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_fixture_loads_exactly_what_it_declares(emulator_factory, example):
    path = FIXTURES / example
    emu = emulator_factory(delay=DELAY, args=["--fixtures", str(path)])
    data = load(example)
    assert_example_loaded(emu, data)
    # nothing else: the default namespace holds a workforce only if the file declares one there
    if (DEFAULT_REGION, wfe.DEFAULT_ACCOUNT) not in by_namespace(data):
        ns = client_ns(emu, DEFAULT_REGION, wfe.DEFAULT_ACCOUNT)
        assert ns.client.list_workforces()["Workforces"] == []
        assert ns.client.list_workteams()["Workteams"] == []
    assert emu.stop() == 0


def test_the_examples_show_what_the_readme_says():
    """Each example keeps the feature it is there to demonstrate."""
    cognito = load("cognito-ip-allowlist.json")
    wf = cognito["workforces"][0]
    assert "CognitoConfig" in wf and 2 <= len(wf["SourceIpConfig"]["Cidrs"]) <= 3
    assert cognito["workteams"] and all(t.get("Tags") for t in cognito["workteams"])

    oidc = load("oidc-multi-region.json")
    assert all("OidcConfig" in w for w in oidc["workforces"])
    assert all("PLACEHOLDER" in w["OidcConfig"]["ClientSecret"] for w in oidc["workforces"])
    team_regions = {namespace_of(t)[0] for t in oidc["workteams"]}
    assert team_regions and DEFAULT_REGION not in team_regions

    review = load("human-review.json")
    assert {namespace_of(i)[1] for k in ("workforces", "workteams", "humanTaskUis", "flowDefinitions") for i in review[k]} \
        == {"111122223333"}, "its own account, so it loads next to the others"
    (fd,) = review["flowDefinitions"]
    (team,), (ui,) = review["workteams"], review["humanTaskUis"]
    assert fd["HumanLoopConfig"]["WorkteamArn"].endswith(":111122223333:workteam/private-crowd/" + team["WorkteamName"])
    assert fd["HumanLoopConfig"]["HumanTaskUiArn"].endswith(":111122223333:human-task-ui/" + ui["HumanTaskUiName"])
    assert fd["HumanLoopRequestSource"] and fd["HumanLoopActivationConfig"]

    vpc = load("vpc-workforce.json")
    wf = vpc["workforces"][0]
    assert "WorkforceVpcConfig" in wf and not wf.get("SourceIpConfig", {}).get("Cidrs")


def test_all_examples_load_together_from_the_folder(emulator_factory):
    """The container image ships them side by side and compose loads the folder: namespaces must not clash."""
    emu = emulator_factory(delay=DELAY, args=["--fixtures", str(FIXTURES)])
    for example in EXAMPLES:
        assert_example_loaded(emu, load(example))
    assert emu.stop() == 0


def test_every_json_in_fixtures_is_a_tested_example():
    assert sorted(p.name for p in FIXTURES.glob("*.json")) == sorted(EXAMPLES)


def test_example_fixtures_load_through_the_environment_variable(emulator_factory):
    """What the container does: WORKFORCE_EMULATOR_FIXTURES, comma-separated."""
    paths = ",".join(str(FIXTURES / e) for e in ("cognito-ip-allowlist.json", "vpc-workforce.json"))
    emu = emulator_factory(delay=DELAY, env={"WORKFORCE_EMULATOR_FIXTURES": paths})
    assert_example_loaded(emu, load("cognito-ip-allowlist.json"))
    assert_example_loaded(emu, load("vpc-workforce.json"))
    assert client_ns(emu, "eu-west-1", wfe.DEFAULT_ACCOUNT).client.list_workforces()["Workforces"] == []
