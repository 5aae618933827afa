"""Seeding from fixture files (`--fixtures`, DESIGN.md "Fixtures", spec §7)."""

from __future__ import annotations

import json
import re

import wfe
from wfe import COGNITO, VPC, cognito_member

OTHER_ACCOUNT = "222233334444"


def write(path, data):
    path.write_text(json.dumps(data))
    return path


def base_fixture(secret="FixtureSecret-abc123"):
    return {
        "workforces": [
            {"WorkforceName": "Seeded", "CognitoConfig": COGNITO, "SourceIpConfig": {"Cidrs": ["10.0.0.0/16"]}},
            {"WorkforceName": "Seeded-Oidc", "OidcConfig": wfe.oidc_config(secret), "Region": "eu-west-1",
             "AccountId": OTHER_ACCOUNT, "WorkforceVpcConfig": VPC},
        ],
        "workteams": [
            {"WorkteamName": "seeded-team", "MemberDefinitions": [cognito_member()], "Description": "from a fixture",
             "Tags": [{"Key": "source", "Value": "fixture"}]},
        ],
    }


def test_fixtures_seed_active_workforces_and_teams(emulator_factory, tmp_path):
    fx = write(tmp_path / "seed.json", base_fixture())
    # a long transition delay: fixture workforces start Active regardless
    emu = emulator_factory(delay=30, args=["--fixtures", str(fx)])
    default = emu.namespace("us-east-1", access_key="NOTDIGITS")
    wf = default.client.describe_workforce(WorkforceName="Seeded")["Workforce"]
    assert wf["Status"] == "Active"
    assert wf["WorkforceArn"] == "arn:aws:sagemaker:us-east-1:000000000000:workforce/Seeded"
    assert wf["SourceIpConfig"] == {"Cidrs": ["10.0.0.0/16"]}
    team = default.client.describe_workteam(WorkteamName="seeded-team")["Workteam"]
    assert team["WorkforceArn"] == wf["WorkforceArn"]
    assert team["Description"] == "from a fixture"
    assert default.client.list_tags(ResourceArn=team["WorkteamArn"])["Tags"] == [{"Key": "source", "Value": "fixture"}]

    other = emu.namespace("eu-west-1", account=OTHER_ACCOUNT)
    owf = other.client.describe_workforce(WorkforceName="Seeded-Oidc")["Workforce"]
    assert owf["Status"] == "Active"
    assert owf["WorkforceArn"] == f"arn:aws:sagemaker:eu-west-1:{OTHER_ACCOUNT}:workforce/Seeded-Oidc"
    assert "ClientSecret" not in owf["OidcConfig"]
    assert owf["WorkforceVpcConfig"]["VpcEndpointId"].startswith("vpce-")


def test_fixture_folder_of_json_files(emulator_factory, tmp_path):
    folder = tmp_path / "fixtures"
    folder.mkdir()
    write(folder / "a.json", {"workforces": [{"WorkforceName": "From-A", "CognitoConfig": COGNITO}]})
    write(folder / "b.json", {"workforces": [{"WorkforceName": "From-B", "CognitoConfig": COGNITO,
                                              "Region": "us-west-2"}]})
    (folder / "ignored.txt").write_text("not a fixture")
    emu = emulator_factory(delay=0, args=["--fixtures", str(folder)])
    assert emu.namespace("us-east-1", access_key="X").client.describe_workforce(
        WorkforceName="From-A")["Workforce"]["Status"] == "Active"
    assert emu.namespace("us-west-2", access_key="X").client.describe_workforce(
        WorkforceName="From-B")["Workforce"]["Status"] == "Active"


def test_fixture_loading_is_create_if_absent_across_restart(emulator_factory, tmp_path):
    fx = write(tmp_path / "seed.json", base_fixture())
    emu = emulator_factory(delay=0, args=["--fixtures", str(fx)])
    ns = emu.namespace("us-east-1", access_key="NOTDIGITS")
    ns.client.update_workforce(WorkforceName="Seeded", SourceIpConfig={"Cidrs": ["192.168.0.0/24"]})
    ns.client.update_workteam(WorkteamName="seeded-team", Description="changed by a client")
    assert emu.stop() == 0
    emu.start()
    ns = emu.namespace("us-east-1", access_key="NOTDIGITS")
    assert ns.client.describe_workforce(WorkforceName="Seeded")["Workforce"]["SourceIpConfig"] == \
        {"Cidrs": ["192.168.0.0/24"]}
    assert ns.client.describe_workteam(WorkteamName="seeded-team")["Workteam"]["Description"] == "changed by a client"


def test_fixture_for_a_namespace_whose_workforce_was_replaced_is_skipped(emulator_factory, tmp_path):
    fx = write(tmp_path / "seed.json", {"workforces": [{"WorkforceName": "Seeded", "CognitoConfig": COGNITO}]})
    emu = emulator_factory(delay=0, args=["--fixtures", str(fx)])
    ns = emu.namespace("us-east-1", access_key="NOTDIGITS")
    ns.client.delete_workforce(WorkforceName="Seeded")
    ns.client.create_workforce(WorkforceName="Replacement", CognitoConfig=COGNITO)
    assert emu.stop() == 0
    emu.start()  # starts all the same
    ns = emu.namespace("us-east-1", access_key="NOTDIGITS")
    assert [w["WorkforceName"] for w in ns.client.list_workforces()["Workforces"]] == ["Replacement"]
    assert "Seeded" in emu.stderr_text(), "a warning naming the skipped fixture is expected on stderr"


def test_invalid_fixture_aborts_start_up_and_applies_nothing(tmp_path):
    db = tmp_path / "fx.sqlite3"
    bad = base_fixture()
    # one valid item first, then an invalid one (VPC and CIDRs together)
    bad["workforces"].append({"WorkforceName": "Broken", "CognitoConfig": COGNITO, "Region": "ap-south-1",
                              "WorkforceVpcConfig": VPC, "SourceIpConfig": {"Cidrs": ["10.0.0.0/8"]}})
    fx = write(tmp_path / "bad.json", bad)
    p = wfe.start_expecting_failure(["--port", "0", "--db", str(db), "--transition-delay", "0", "--fixtures", str(fx)],
                                    cwd=tmp_path)
    assert not p.started, "start-up must abort on an invalid fixture"
    assert p.returncode not in (0, None), p.stderr
    assert "bad.json" in p.stderr, p.stderr
    assert "Broken" in p.stderr or re.search(r"workforces\W{0,3}[23]", p.stderr), "the item must be named: " + p.stderr
    # nothing of that load was applied: a start without fixtures over the same db finds nothing
    emu = wfe.Emulator(tmp_path / "after", db=str(db), delay=0, name="after-bad-fixture")
    emu.start()
    try:
        ns = emu.namespace("us-east-1", access_key="NOTDIGITS")
        assert ns.client.list_workforces()["Workforces"] == []
        assert emu.namespace("eu-west-1", account=OTHER_ACCOUNT).client.list_workforces()["Workforces"] == []
    finally:
        emu.stop()


def test_fixture_that_is_not_json_aborts_start_up(tmp_path):
    fx = tmp_path / "garbage.json"
    fx.write_text("{ this is not json")
    p = wfe.start_expecting_failure(["--port", "0", "--db", ":memory:", "--fixtures", str(fx)], cwd=tmp_path)
    assert not p.started, "start-up must abort on a fixture that is not JSON"
    assert p.returncode not in (0, None), p.stderr
    assert "garbage.json" in p.stderr, p.stderr
