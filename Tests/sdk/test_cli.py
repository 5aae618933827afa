"""The real AWS CLI (`python -m awscli`) against the emulator."""

from __future__ import annotations

import json
import re

import wfe
from wfe import COGNITO


def test_cli_workforce_and_workteam_round_trip(ns):
    created = ns.cli("sagemaker", "create-workforce", "--workforce-name", "Cli-Force",
                     "--cognito-config", f"UserPool={COGNITO['UserPool']},ClientId={COGNITO['ClientId']}").json
    assert created == {"WorkforceArn": ns.workforce_arn("Cli-Force")}

    wf = ns.cli("sagemaker", "describe-workforce", "--workforce-name", "Cli-Force").json["Workforce"]
    assert wf["WorkforceName"] == "Cli-Force"
    assert wf["Status"] == "Active"
    assert wf["CognitoConfig"] == COGNITO
    assert wf["SourceIpConfig"] == {"Cidrs": []}

    updated = ns.cli("sagemaker", "update-workforce", "--workforce-name", "Cli-Force",
                     "--source-ip-config", json.dumps({"Cidrs": ["10.0.0.0/16", "192.168.0.0/24"]})).json["Workforce"]
    assert updated["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/16", "192.168.0.0/24"]}

    listed = ns.cli("sagemaker", "list-workforces").json["Workforces"]
    assert [w["WorkforceName"] for w in listed] == ["Cli-Force"]
    assert listed[0]["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/16", "192.168.0.0/24"]}

    members = json.dumps([wfe.cognito_member("g1")])
    team = ns.cli("sagemaker", "create-workteam", "--workteam-name", "cli-a", "--member-definitions", members,
                  "--description", "team cli-a").json
    assert team == {"WorkteamArn": ns.workteam_arn("cli-a")}
    for name in ("cli-c", "cli-b"):  # the rest through boto3, to keep the test fast
        ns.client.create_workteam(WorkteamName=name, MemberDefinitions=[wfe.cognito_member("g1")], Description="d")
    desc = ns.cli("sagemaker", "describe-workteam", "--workteam-name", "cli-a").json["Workteam"]
    assert desc["Description"] == "team cli-a"
    assert desc["WorkforceArn"] == ns.workforce_arn("Cli-Force")
    # the CLI follows NextToken by itself: a page size of 1 still yields every team, sorted
    teams = ns.cli("sagemaker", "list-workteams", "--sort-by", "Name", "--page-size", "1").json
    assert [t["WorkteamName"] for t in teams["Workteams"]] == ["cli-a", "cli-b", "cli-c"]
    assert "NextToken" not in teams
    # --max-items truncates and hands back a resumable token
    first = ns.cli("sagemaker", "list-workteams", "--sort-by", "Name", "--page-size", "1", "--max-items", "2").json
    assert [t["WorkteamName"] for t in first["Workteams"]] == ["cli-a", "cli-b"]
    rest = ns.cli("sagemaker", "list-workteams", "--sort-by", "Name", "--page-size", "1",
                  "--starting-token", first["NextToken"]).json
    assert [t["WorkteamName"] for t in rest["Workteams"]] == ["cli-c"]

    assert ns.cli("sagemaker", "delete-workteam", "--workteam-name", "cli-a").json == {"Success": True}
    for name in ("cli-b", "cli-c"):
        ns.client.delete_workteam(WorkteamName=name)
    assert ns.cli("sagemaker", "delete-workforce", "--workforce-name", "Cli-Force").returncode == 0
    assert ns.cli("sagemaker", "list-workforces").json == {"Workforces": []}


def test_cli_error_exit_code_and_message(ns):
    r = ns.cli("sagemaker", "describe-workforce", "--workforce-name", "Missing-Cli", check=False)
    assert r.returncode != 0
    # botocore may add "(reached max retries: N)" after the operation name
    assert re.search(r"An error occurred \(ValidationException\) when calling the DescribeWorkforce operation"
                     r"( \(reached max retries: \d+\))?: No workforce found with name Missing-Cli\.$", r.stderr.strip()), r.stderr
    assert r.stdout.strip() == ""


def test_cli_update_error_with_eleven_cidrs(ns, cognito_wf):
    r = ns.cli("sagemaker", "update-workforce", "--workforce-name", cognito_wf,
               "--source-ip-config", json.dumps({"Cidrs": wfe.cidrs(11)}), check=False)
    assert r.returncode != 0
    assert re.search(r"An error occurred \(ValidationException\) when calling the UpdateWorkforce operation"
                     r"( \(reached max retries: \d+\))?: 1 validation error detected: ", r.stderr), r.stderr
    assert "Member must have length less than or equal to 10" in r.stderr


def test_cli_oidc_workforce_never_prints_secret(ns):
    cfg = wfe.oidc_config(secret="CliSecretValue-123")
    out = ns.cli("sagemaker", "create-workforce", "--workforce-name", "Cli-Oidc", "--oidc-config", json.dumps(cfg))
    desc = ns.cli("sagemaker", "describe-workforce", "--workforce-name", "Cli-Oidc")
    assert desc.json["Workforce"]["OidcConfig"] == wfe.without_secret(cfg)
    for r in (out, desc):
        assert "CliSecretValue-123" not in r.stdout + r.stderr
