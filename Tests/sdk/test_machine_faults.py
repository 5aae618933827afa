"""Faults that come from the machine, not the client (issue 12): who owns the database file, a folder or
file that cannot be used. Each start that must fail exits 1 with one line naming the path and what to
do, and leaves the file as it was."""

from __future__ import annotations

import os
import shutil
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
