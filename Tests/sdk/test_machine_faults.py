"""Faults that come from the machine, not the client (issue 12): who owns the database file, a folder or
file that cannot be used. Each start that must fail exits 1 with one line naming the path and what to
do, and leaves the file as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sqlite3
import tempfile
from pathlib import Path

import pytest

import wfe
from wfe import COGNITO

NOBODY = 65534
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]


def one_error_line(attempt: wfe.StartAttempt) -> str:
    assert not attempt.started, "the emulator started where it must refuse"
    assert attempt.returncode == 1, (attempt.returncode, attempt.stderr)
    lines = [line for line in attempt.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, attempt.stderr
    assert lines[0].startswith("workforce-emulator: cannot start: "), lines[0]
    return lines[0]


# ------------------------------------------------------------------------------------ one owner per file

def test_a_second_emulator_on_the_same_file_is_refused_naming_the_file_and_the_owner(emulator_factory, tmp_path):
    db = tmp_path / "shared.sqlite3"
    first = emulator_factory(delay=0, db=str(db))
    ns = first.namespace()
    ns.client.create_workforce(WorkforceName="Owned", CognitoConfig=COGNITO)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(db)
    other = tmp_path / "elsewhere"
    other.mkdir()
    # The same file by absolute path, by a path relative to another folder, and through a symlink.
    for given, cwd in ((str(db), tmp_path), ("../shared.sqlite3", other), (str(link), tmp_path)):
        line = one_error_line(wfe.start_expecting_failure(["--port", "0", "--db", given], cwd=cwd))
        assert given in line and str(db) in line, line
        assert f"pid {first.proc.pid}" in line, line
        assert "--db" in line and ":memory:" in line, line  # says what to do instead
    # The owner is unaffected and keeps serving what it acknowledged.
    assert ns.client.describe_workforce(WorkforceName="Owned")["Workforce"]["WorkforceName"] == "Owned"


def test_ownership_dies_with_the_owner_even_on_kill_9(emulator_factory, tmp_path):
    db = tmp_path / "killed.sqlite3"
    first = emulator_factory(delay=0, db=str(db), name="first")
    account = first.namespace().account
    first.namespace(account=account).client.create_workforce(WorkforceName="Survivor", CognitoConfig=COGNITO)
    first.kill()
    second = emulator_factory(delay=0, db=str(db), name="second")  # at once: no stale lock
    got = second.namespace(account=account).client.describe_workforce(WorkforceName="Survivor")
    assert got["Workforce"]["WorkforceName"] == "Survivor"
    assert second.stop() == 0
    third = emulator_factory(delay=0, db=str(db), name="third")  # and after a clean stop
    assert third.running


def test_memory_databases_and_separate_files_run_side_by_side(emulator_factory, tmp_path):
    a = emulator_factory(db=":memory:", name="mem1")
    b = emulator_factory(db=":memory:", name="mem2")
    c = emulator_factory(db=str(tmp_path / "c.sqlite3"), name="c")
    d = emulator_factory(db=str(tmp_path / "d.sqlite3"), name="d")
    assert all(e.running for e in (a, b, c, d))


# ------------------------------------------------------------------------- a file or folder that cannot be used

@pytest.fixture
def open_dir(monkeypatch):
    """A folder under /tmp that another uid can enter (pytest's tmp_path is private to root), with a copy
    of the binary in it, since the checkout itself may not be readable by that uid."""
    path = Path(tempfile.mkdtemp(prefix="wfe-faults-", dir="/tmp"))
    path.chmod(0o755)
    binary = path / "workforce-emulator"
    shutil.copy2(wfe.binary_path(), binary)
    binary.chmod(0o755)
    monkeypatch.setenv("WORKFORCE_EMULATOR_BIN", str(binary))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_folder_that_does_not_exist(tmp_path):
    db = tmp_path / "missing" / "deeper" / "x.sqlite3"
    line = one_error_line(wfe.start_expecting_failure(["--port", "0", "--db", str(db)], cwd=tmp_path))
    assert str(db) in line and "does not exist" in line and str(db.parent) in line, line
    assert not (tmp_path / "missing").exists()


def test_a_path_that_is_a_folder(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    line = one_error_line(wfe.start_expecting_failure(["--port", "0", "--db", str(folder)], cwd=tmp_path))
    assert str(folder) in line and "is a folder" in line, line
    assert list(folder.iterdir()) == []


def test_a_file_that_is_not_a_database_is_named_and_untouched(tmp_path):
    db = tmp_path / "notes.txt"
    content = b"these are my notes, not a database\n" * 20
    db.write_bytes(content)
    line = one_error_line(wfe.start_expecting_failure(["--port", "0", "--db", str(db)], cwd=tmp_path))
    assert str(db) in line and "not an SQLite database" in line, line
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("start-attempt")) == ["notes.txt"]


def test_a_folder_this_user_cannot_write(open_dir, tmp_path):
    locked = open_dir / "root-only"
    locked.mkdir(mode=0o755)  # root's; nobody may enter but not create
    db = locked / "x.sqlite3"
    attempt = wfe.start_expecting_failure(["--port", "0", "--db", str(db)], cwd=open_dir, prefix=AS_NOBODY,
                                          stderr_dir=tmp_path)
    line = one_error_line(attempt)
    assert str(db) in line and "not writable" in line and str(locked) in line, line
    assert not db.exists()


def test_a_database_this_user_can_read_but_not_write(open_dir, tmp_path):
    folder = open_dir / "mine"
    folder.mkdir()
    db = folder / "ro.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    os.chown(folder, NOBODY, NOBODY)
    os.chown(db, NOBODY, NOBODY)
    db.chmod(0o444)
    content = db.read_bytes()
    attempt = wfe.start_expecting_failure(["--port", "0", "--db", str(db)], cwd=folder, prefix=AS_NOBODY,
                                          stderr_dir=tmp_path)
    line = one_error_line(attempt)
    assert str(db) in line and "read-only" in line, line
    assert db.read_bytes() == content
    assert not Path(str(db) + "-wal").exists()


def test_the_same_checks_run_as_another_user_succeed_where_the_folder_is_theirs(open_dir, tmp_path):
    """The permission refusals above are about permissions: the same uid starts fine in its own folder."""
    folder = open_dir / "theirs"
    folder.mkdir()
    os.chown(folder, NOBODY, NOBODY)
    emu = wfe.Emulator(folder, db=str(folder / "ok.sqlite3"), name="nobody")
    emu.command = (lambda base=emu.command: AS_NOBODY + base())  # type: ignore[method-assign]
    emu.start()
    try:
        assert emu.namespace().client.list_workforces()["Workforces"] == []
        assert (folder / "ok.sqlite3").stat().st_uid == NOBODY
    finally:
        assert emu.stop() == 0


# ------------------------------------------------------------------------------------------ a full disk

@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs (mounting needs root, which the suite has in CI)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Writes a file that takes every free byte of `folder`'s file system."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as f:
        block = b"\0" * 4096
        try:
            while True:
                f.write(block)
        except OSError:
            pass
    return filler


def test_a_full_disk_refuses_writes_clearly_keeps_what_was_acknowledged_and_recovers(emulator_factory, small_disk):
    db = small_disk / "emulator.sqlite3"
    emu = emulator_factory(delay=0, db=str(db))
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Full", CognitoConfig=COGNITO)
    acknowledged = []
    filler = fill(small_disk)
    refused = None
    for i in range(400):
        name = f"team-{i}"
        r = ns.raw("CreateWorkteam", {
            "WorkteamName": name, "Description": "x" * 200,
            "MemberDefinitions": [{"CognitoMemberDefinition": {**COGNITO, "UserGroup": "g"}}],
            "Tags": [{"Key": f"k{j}", "Value": "v" * 200} for j in range(40)]})
        if r.status == 200:
            acknowledged.append(name)
        else:
            refused = r
            break
    assert refused is not None, "the disk never filled"
    # An AWS-shaped error SDKs retry, saying what happened and where.
    assert refused.status == 503, (refused.status, refused.text)
    assert refused.header("X-Amzn-ErrorType") == "ServiceUnavailable"
    body = refused.json
    assert body["__type"] == "ServiceUnavailable"
    assert str(db) in body["message"] and "disk is full" in body["message"], body
    for _ in range(3):  # more refusals: still one log line
        assert ns.raw("UpdateWorkforce", {"WorkforceName": "Full", "SourceIpConfig": {"Cidrs": ["10.0.0.0/8"]}}).status == 503
    health = emu.http("GET", "/_emulator/health")
    assert health.status == 503, health.text
    assert health.json["status"] == "unwritable" and "disk is full" in health.json["error"], health.json
    assert emu.running
    # What was acknowledged is all there, and reads still work.
    for name in acknowledged:
        assert ns.client.describe_workteam(WorkteamName=name)["Workteam"]["WorkteamName"] == name
    filler.unlink()  # space returns: health recovers by itself (a probe write), and so do writes
    health = emu.http("GET", "/_emulator/health")
    assert health.status == 200 and health.json["status"] == "ok", health.text
    ns.client.update_workforce(WorkforceName="Full", SourceIpConfig={"Cidrs": ["10.0.0.0/8"]})
    assert emu.stop() == 0
    log = emu.stderr_text()
    assert log.count("event=database_unwritable") == 1, log[-3000:]
    assert log.count("event=database_writable ") == 1, log[-3000:]
    assert "internal_failure" not in log
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    teams = {row[0] for row in conn.execute("SELECT name FROM workteams")}
    conn.close()
    assert set(acknowledged) <= teams


def test_a_full_disk_under_concurrent_writes_answers_each_change_503_and_keeps_every_acknowledged_one(
        emulator_factory, small_disk):
    """Concurrent writes share group commits (issue 15): when the disk fills mid-group, every change of
    the group is refused 503 or acknowledged and kept, never a 500, never an acknowledged change lost."""
    import concurrent.futures
    db = small_disk / "emulator.sqlite3"
    emu = emulator_factory(delay=0, db=str(db))
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="Full", CognitoConfig=COGNITO)
    filler = fill(small_disk)

    def create(i: int) -> tuple[str, int, str]:
        name = f"team-{i}"
        r = ns.raw("CreateWorkteam", {
            "WorkteamName": name, "Description": "x" * 200,
            "MemberDefinitions": [{"CognitoMemberDefinition": {**COGNITO, "UserGroup": "g"}}],
            "Tags": [{"Key": f"k{j}", "Value": "v" * 200} for j in range(40)]})
        return name, r.status, r.text

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(create, range(400)))
    statuses = {status for _, status, _ in results}
    assert statuses <= {200, 503}, [r for r in results if r[1] not in (200, 503)][:3]
    assert 503 in statuses, "the disk never filled"
    acknowledged = [name for name, status, _ in results if status == 200]
    assert emu.running
    filler.unlink()
    health = emu.http("GET", "/_emulator/health")
    assert health.status == 200, health.text
    assert emu.stop() == 0
    assert "internal_failure" not in emu.stderr_text()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    teams = {row[0] for row in conn.execute("SELECT name FROM workteams")}
    conn.close()
    assert set(acknowledged) <= teams
