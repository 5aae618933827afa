"""Persistence: restart, kill -9, transitions across restarts, a database that is not SQLite (DESIGN.md
"Persistence", spec §5)."""

from __future__ import annotations

import signal
import time

import pytest

import wfe
from wfe import COGNITO, VPC, cognito_member


def snapshot(ns, workforce: str, teams: list[str]):
    """Everything a client can see in the namespace."""
    state = {
        "workforce": ns.client.describe_workforce(WorkforceName=workforce)["Workforce"],
        "workforces": ns.client.list_workforces()["Workforces"],
        "teams": {t: ns.client.describe_workteam(WorkteamName=t)["Workteam"] for t in teams},
        "team_list": ns.client.list_workteams(SortBy="Name", MaxResults=100)["Workteams"],
        "tags": {t: ns.client.list_tags(ResourceArn=ns.workteam_arn(t))["Tags"] for t in teams},
    }
    return state


def test_restart_over_the_same_db_keeps_everything(emulator_factory):
    emu = emulator_factory(delay=0)
    a = emu.namespace("us-east-1")
    b = emu.namespace("eu-west-1")
    a.client.create_workforce(WorkforceName="Keep-A", CognitoConfig=COGNITO,
                              SourceIpConfig={"Cidrs": ["10.0.0.0/16", "2001:db8::/32"]}, IpAddressType="dualstack")
    for t in ("ta", "tb"):
        a.client.create_workteam(WorkteamName=t, MemberDefinitions=[cognito_member(t)], Description=f"d {t}",
                                 Tags=[{"Key": "team", "Value": t}])
    a.client.add_tags(ResourceArn=a.workteam_arn("ta"), Tags=[{"Key": "extra", "Value": "1"}])
    b.client.create_workforce(WorkforceName="Keep-B", OidcConfig=wfe.oidc_config(Scope="openid"),
                              WorkforceVpcConfig=VPC)
    before_a = snapshot(a, "Keep-A", ["ta", "tb"])
    before_b = snapshot(b, "Keep-B", [])
    assert emu.stop() == 0

    emu.start()
    a2 = emu.namespace("us-east-1", account=a.account)
    b2 = emu.namespace("eu-west-1", account=b.account)
    assert snapshot(a2, "Keep-A", ["ta", "tb"]) == before_a
    assert snapshot(b2, "Keep-B", []) == before_b
    # and it still works: the rules see the restored state
    wfe.expect_error(lambda: a2.client.create_workforce(WorkforceName="x", CognitoConfig=COGNITO), "ValidationException")
    wfe.expect_error(lambda: a2.client.create_workteam(WorkteamName="ta", MemberDefinitions=[cognito_member()],
                                                       Description="d"), "ResourceInUse")


def test_kill_9_right_after_acknowledged_updates_loses_nothing(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace("us-east-2")
    ns.client.create_workforce(WorkforceName="Crash", CognitoConfig=COGNITO)
    last = None
    for i in range(15):
        last = ns.client.update_workforce(WorkforceName="Crash", SourceIpConfig={"Cidrs": wfe.cidrs(1 + i % 10, start=i)})
    for i in range(8):
        ns.client.create_workteam(WorkteamName=f"crash-{i}", MemberDefinitions=[cognito_member(f"g{i}")],
                                  Description=f"team {i}")
    ns.client.delete_workteam(WorkteamName="crash-3")
    ns.client.update_workteam(WorkteamName="crash-5", Description="changed just before the crash")
    ns.client.add_tags(ResourceArn=ns.workteam_arn("crash-7"), Tags=[{"Key": "last", "Value": "write"}])
    teams = [f"crash-{i}" for i in range(8) if i != 3]
    before = snapshot(ns, "Crash", teams)
    assert before["workforce"]["SourceIpConfig"] == last["Workforce"]["SourceIpConfig"]
    emu.kill()
    assert emu.proc.returncode == -9

    emu.start()
    ns2 = emu.namespace("us-east-2", account=ns.account)
    after = snapshot(ns2, "Crash", teams)
    assert after == before
    assert after["teams"]["crash-5"]["Description"] == "changed just before the crash"
    assert after["tags"]["crash-7"] == [{"Key": "last", "Value": "write"}]
    wfe.expect_error(lambda: ns2.client.describe_workteam(WorkteamName="crash-3"), "ValidationException",
                     "The work team crash-3 does not exist.")


def test_kill_9_immediately_after_one_acknowledged_write(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace("ca-central-1")
    ns.client.create_workforce(WorkforceName="One-Write", CognitoConfig=COGNITO)
    r = ns.raw("UpdateWorkforce", {"WorkforceName": "One-Write", "SourceIpConfig": {"Cidrs": ["203.0.113.0/24"]}})
    assert r.status == 200
    emu.kill()
    emu.start()
    ns2 = emu.namespace("ca-central-1", account=ns.account)
    wf = ns2.client.describe_workforce(WorkforceName="One-Write")["Workforce"]
    assert wf["SourceIpConfig"] == {"Cidrs": ["203.0.113.0/24"]}


def test_pending_transition_completes_on_time_after_kill_and_restart(emulator_factory, tmp_path):
    delay = 2.0
    emu = emulator_factory(delay=delay)
    ns = emu.namespace("us-west-1")
    t0 = time.monotonic()
    ns.client.create_workforce(WorkforceName="Pending", CognitoConfig=COGNITO)
    assert ns.client.describe_workforce(WorkforceName="Pending")["Workforce"]["Status"] == "Initializing"
    emu.kill()
    # restart with a much longer configured delay: the stored due time must win
    emu.delay = 60
    emu.start()
    ns2 = emu.namespace("us-west-1", account=ns.account)
    wf = ns2.client.describe_workforce(WorkforceName="Pending")["Workforce"]
    if time.monotonic() - t0 < delay * 0.8:
        assert wf["Status"] == "Initializing"
    wfe.wait_until(lambda: ns2.client.describe_workforce(WorkforceName="Pending")["Workforce"]["Status"] == "Active",
                   timeout=max(1.0, delay + 4 - (time.monotonic() - t0)), what="Active at the stored due time")
    assert time.monotonic() - t0 >= delay * 0.8


def test_transition_due_while_stopped_is_complete_after_restart(emulator_factory):
    emu = emulator_factory(delay=0.5)
    ns = emu.namespace("sa-east-1")
    ns.client.create_workforce(WorkforceName="Due", CognitoConfig=COGNITO)
    wfe.wait_until(lambda: ns.client.describe_workforce(WorkforceName="Due")["Workforce"]["Status"] == "Active", 5)
    assert ns.client.update_workforce(WorkforceName="Due")["Workforce"]["Status"] == "Updating"
    ns.client.delete_workforce(WorkforceName="Due")
    emu.kill()
    time.sleep(0.6)  # let the due time pass while the emulator is down
    emu.delay = 60
    emu.start()
    ns2 = emu.namespace("sa-east-1", account=ns.account)
    wfe.expect_error(lambda: ns2.client.describe_workforce(WorkforceName="Due"), "ValidationException",
                     "No workforce found with name Due.")
    ns2.client.create_workforce(WorkforceName="Due-2", CognitoConfig=COGNITO)


def test_non_sqlite_db_file_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "not-a-db.sqlite3"
    content = b"This is a text file, not an SQLite database.\n" * 200
    db.write_bytes(content)
    p = wfe.start_expecting_failure(["--port", "0", "--db", str(db), "--transition-delay", "0"], cwd=tmp_path)
    assert not p.started, "it must not serve over a file that is not SQLite"
    assert p.returncode not in (0, None)
    err = p.stderr
    assert err.strip(), "an error must be written to stderr"
    assert str(db) in err or "not-a-db.sqlite3" in err or "database" in err.lower() or "sqlite" in err.lower(), err
    assert db.read_bytes() == content


def test_db_from_a_newer_emulator_is_refused_and_left_untouched(tmp_path):
    import sqlite3
    db = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE future_things (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    content = db.read_bytes()
    p = wfe.start_expecting_failure(["--port", "0", "--db", str(db)], cwd=tmp_path)
    assert not p.started and p.returncode not in (0, None)
    assert "schema version 99" in p.stderr and "newer" in p.stderr, p.stderr
    assert db.read_bytes() == content
    assert not (tmp_path / "future.sqlite3-wal").exists()


def test_db_file_is_created_and_survives_sigint(emulator_factory, tmp_path):
    db = tmp_path / "nested-ok.sqlite3"
    emu = emulator_factory(delay=0, db=str(db))
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Sigint", CognitoConfig=COGNITO)
    assert db.exists()
    assert emu.stop(signal.SIGINT) == 0
    emu.start()
    assert emu.namespace(account=ns.account).client.describe_workforce(WorkforceName="Sigint")["Workforce"]["Status"] \
        == "Active"


def test_client_secret_is_not_stored_in_plain_text(emulator_factory, tmp_path):
    db = tmp_path / "secret-check.sqlite3"
    emu = emulator_factory(delay=0, db=str(db))
    ns = emu.namespace()
    secret1, secret2 = "PlainTextSecretOne-" + "x" * 20, "PlainTextSecretTwo-" + "y" * 20
    ns.client.create_workforce(WorkforceName="Stored", OidcConfig=wfe.oidc_config(secret1))
    ns.client.update_workforce(WorkforceName="Stored", OidcConfig=wfe.oidc_config(secret2))
    files = list(tmp_path.glob("secret-check.sqlite3*"))
    assert files
    for f in files:  # the database and its -wal while running
        data = f.read_bytes()
        assert secret1.encode() not in data and secret2.encode() not in data, f"secret in {f.name}"
    assert emu.stop() == 0
    for f in tmp_path.glob("secret-check.sqlite3*"):
        data = f.read_bytes()
        assert secret1.encode() not in data and secret2.encode() not in data, f"secret in {f.name}"
