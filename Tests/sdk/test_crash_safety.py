"""Crash safety (issue 4 part 3): many rounds of kill -9 at a random moment under concurrent load in
several namespaces; after each restart over the same database every acknowledged change is there, and
`PRAGMA integrity_check` on the files the dead process left says ok.

Each namespace has two client threads, each strictly sequential, so at the moment of the kill each has
at most one request in flight: that one may or may not have been committed, everything acknowledged
before it must be. Rounds: 15 by default, 100 with WFE_LONG=1 (WFE_CRASH_ROUNDS overrides both).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import hostile
import wfe
from hostile import RawClient, Unacknowledged

ROUNDS = int(os.environ.get("WFE_CRASH_ROUNDS") or hostile.scaled(15, 100))  # every 7th round: SIGTERM instead
MAX_ALIVE_TEAMS = 8


def cidr_list(n: int) -> list[str]:
    """The SourceIpConfig.Cidrs encoding counter `n`: its first entry holds n, its length is 1 + n % 10."""
    return [f"10.{(n >> 8) & 255}.{n & 255}.0/24"] + [f"172.{16 + k}.0.0/16" for k in range(n % 10)]


def decode_cidrs(cidrs: list[str]) -> int:
    a, b = cidrs[0].split(".")[1:3]
    n = int(a) * 256 + int(b)
    assert cidrs == cidr_list(n), f"a CIDR list that no single update wrote: {cidrs}"
    return n


@dataclass
class Team:
    exists: bool | None  # None: its create or delete was in flight at a kill
    seq: int | None = None  # the acknowledged value of its "seq" tag
    seq_inflight: int | None = None


@dataclass
class NamespaceModel:
    access_key: str
    region: str
    account: str
    cidr_acked: int = 0
    cidr_sent: int = 0
    teams: dict[str, Team] = field(default_factory=dict)
    seq: int = 0
    made: int = 0
    acked_ops: int = 0
    # requests in flight at a kill, by what the restart showed: committed or not
    inflight: dict[str, int] = field(default_factory=lambda: {"committed": 0, "lost": 0})

    @property
    def partition(self) -> str:
        return wfe.partition(self.region)

    def team_arn(self, name: str) -> str:
        return f"arn:{self.partition}:sagemaker:{self.region}:{self.account}:workteam/private-crowd/{name}"

    @property
    def workforce(self) -> str:
        return f"Crash-{self.region}"


def cidr_worker(client: RawClient, m: NamespaceModel, failures: list[str]):
    while True:
        n = m.cidr_sent + 1
        m.cidr_sent = n
        try:
            status, doc = client.call("UpdateWorkforce", {"WorkforceName": m.workforce,
                                                          "SourceIpConfig": {"Cidrs": cidr_list(n)}})
        except Unacknowledged:
            return
        if status != 200:
            failures.append(f"{m.region}: UpdateWorkforce #{n} answered {status}: {doc}")
            return
        if doc["Workforce"]["SourceIpConfig"]["Cidrs"] != cidr_list(n):
            failures.append(f"{m.region}: UpdateWorkforce #{n} answered another CIDR list: {doc}")
            return
        m.cidr_acked = n
        m.acked_ops += 1


def team_worker(client: RawClient, m: NamespaceModel, rng: random.Random, round_: int, failures: list[str]):
    while True:
        alive = [name for name, t in m.teams.items() if t.exists]
        r = rng.random()
        if len(alive) < 3 or (r < 0.4 and len(alive) < MAX_ALIVE_TEAMS):
            m.made += 1
            name = f"t{round_}x{m.made}"
            body = {"WorkteamName": name, "Description": f"team {name}",
                    "MemberDefinitions": [wfe.cognito_member(f"g-{name}")],
                    "Tags": [{"Key": "born", "Value": name}]}
            op, team = "CreateWorkteam", None
        elif r < 0.7:
            name = alive[0]
            op, body, team = "DeleteWorkteam", {"WorkteamName": name}, m.teams[name]
        else:
            name = rng.choice(alive)
            m.seq += 1
            op, team = "AddTags", m.teams[name]
            body = {"ResourceArn": m.team_arn(name), "Tags": [{"Key": "seq", "Value": str(m.seq)}]}
        try:
            status, doc = client.call(op, body)
        except Unacknowledged:
            if op == "CreateWorkteam":
                m.teams[name] = Team(exists=None)
            elif op == "DeleteWorkteam":
                team.exists = None
            else:
                team.seq_inflight = m.seq
            return
        if status != 200:
            failures.append(f"{m.region}: {op} {name} answered {status}: {doc}")
            return
        if op == "CreateWorkteam":
            m.teams[name] = Team(exists=True)
        elif op == "DeleteWorkteam":
            team.exists = False
        else:
            team.seq = m.seq
        m.acked_ops += 1


def verify(emu: wfe.Emulator, m: NamespaceModel, round_: int):
    """Checks the restarted emulator against everything acknowledged, then resolves the in-flight ones."""
    c = RawClient(emu, m.access_key, m.region)
    where = f"round {round_}, namespace {m.account}/{m.region}"
    try:
        status, doc = c.call("DescribeWorkforce", {"WorkforceName": m.workforce})
        assert status == 200, f"{where}: the workforce is gone: {doc}"
        n = decode_cidrs(doc["Workforce"]["SourceIpConfig"]["Cidrs"])
        allowed = {m.cidr_acked} | ({m.cidr_sent} if m.cidr_sent > m.cidr_acked else set())
        assert n in allowed, (f"{where}: the CIDR counter is {n}, but the last acknowledged update wrote "
                              f"{m.cidr_acked} (and {m.cidr_sent} was the last sent)")
        assert doc["Workforce"]["Status"] == "Active"
        if m.cidr_sent > m.cidr_acked:
            m.inflight["committed" if n == m.cidr_sent else "lost"] += 1
        m.cidr_acked = n

        status, doc = c.call("ListWorkteams", {"MaxResults": 100})
        assert status == 200, doc
        listed = {t["WorkteamName"]: t for t in doc["Workteams"]}
        phantoms = set(listed) - set(m.teams)
        assert not phantoms, f"{where}: teams that were never created: {phantoms}"
        for name, team in m.teams.items():
            if team.exists is True:
                assert name in listed, f"{where}: the acknowledged team {name} is gone"
            elif team.exists is False:
                assert name not in listed, f"{where}: the acknowledged delete of {name} is undone"
            team.exists = name in listed
        for name, t in listed.items():
            assert t["Description"] == f"team {name}", t
            status, tags = c.call("ListTags", {"ResourceArn": m.team_arn(name)})
            assert status == 200, tags
            tags = {x["Key"]: x["Value"] for x in tags["Tags"]}
            assert tags.get("born") == name, f"{where}: team {name} lost its creation tag: {tags}"
            seq = int(tags["seq"]) if "seq" in tags else None
            team = m.teams[name]
            allowed_seq = {team.seq} | ({team.seq_inflight} if team.seq_inflight is not None else set())
            assert seq in allowed_seq, (f"{where}: team {name} has seq tag {seq}, acknowledged {team.seq} "
                                        f"(in flight {team.seq_inflight})")
            if team.seq_inflight is not None:
                m.inflight["committed" if seq == team.seq_inflight else "lost"] += 1
            team.seq, team.seq_inflight = seq, None
        # a deleted team stays deleted (sample one)
        gone = [name for name, t in m.teams.items() if t.exists is False]
        if gone:
            status, doc = c.call("DescribeWorkteam", {"WorkteamName": gone[-1]})
            assert status == 400 and doc["message"] == f"The work team {gone[-1]} does not exist.", doc
    finally:
        c.close()


def integrity_of_files_left(db: Path, into: Path) -> tuple[str, list]:
    """`PRAGMA integrity_check` and `foreign_key_check` on a copy of the database and its WAL as the dead
    process left them (the copy, so that the emulator's own recovery is what the next start exercises)."""
    into.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        src = Path(str(db) + suffix)
        if src.exists():
            shutil.copyfile(src, into / (db.name + suffix))
    conn = sqlite3.connect(into / db.name)
    try:
        result = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    shutil.rmtree(into, ignore_errors=True)
    return result, fks


def test_kill_9_at_random_moments_loses_nothing_acknowledged(emulator_factory, tmp_path, capsys):
    seed = int(os.environ.get("WFE_SEED") or time.time() * 1000) % 1_000_000
    rng = random.Random(seed)
    acct1, acct2 = wfe.random_account(), wfe.random_account()
    models = [
        NamespaceModel(acct1, "us-east-1", acct1),
        NamespaceModel(acct1, "eu-central-1", acct1),
        NamespaceModel(acct2, "ap-southeast-2", acct2),
        NamespaceModel(acct2, "cn-north-1", acct2),
        NamespaceModel("AKIACRASHSAFETY00001", "us-west-2", wfe.DEFAULT_ACCOUNT),
    ]
    emu = emulator_factory(delay=0, name="crash")
    db = Path(emu.db)
    for m in models:
        c = RawClient(emu, m.access_key, m.region)
        status, doc = c.call("CreateWorkforce", {"WorkforceName": m.workforce, "CognitoConfig": wfe.COGNITO,
                                                 "SourceIpConfig": {"Cidrs": cidr_list(0)}})
        c.close()
        assert status == 200, doc
        assert doc["WorkforceArn"] == (f"arn:{m.partition}:sagemaker:{m.region}:{m.account}:workforce/{m.workforce}")

    kills_mid_load = 0
    for round_ in range(ROUNDS):
        failures: list[str] = []
        clients = []
        threads = []
        for i, m in enumerate(models):
            for kind in ("cidr", "team"):
                client = RawClient(emu, m.access_key, m.region)
                clients.append(client)
                if kind == "cidr":
                    t = threading.Thread(target=cidr_worker, args=(client, m, failures), daemon=True)
                else:
                    t = threading.Thread(target=team_worker,
                                         args=(client, m, random.Random(rng.random()), round_, failures), daemon=True)
                threads.append(t)
        before = sum(m.acked_ops for m in models)
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.0, 0.4))
        if round_ % 7 == 6:
            # now and then a graceful stop under the same load instead: it must exit 0 and keep everything too
            code = emu.stop()
            assert code == 0, f"seed {seed}, round {round_}: SIGTERM under load exited {code}"
        else:
            emu.kill()
        for t in threads:
            t.join(timeout=20)
            assert not t.is_alive(), "a client thread did not stop after the kill"
        for client in clients:
            client.close()
        assert not failures, f"seed {seed}, round {round_}: {failures}"
        if sum(m.acked_ops for m in models) > before:
            kills_mid_load += 1

        result, fks = integrity_of_files_left(db, tmp_path / f"copy-{round_}")
        assert result == "ok", f"seed {seed}, round {round_}: integrity_check after kill -9: {result}"
        assert fks == [], f"seed {seed}, round {round_}: foreign_key_check after kill -9: {fks}"

        emu.start()
        if round_ % 5 == 4:
            # a kill right after a restart (recovery just done), then another start
            emu.kill()
            result, _ = integrity_of_files_left(db, tmp_path / f"copy-{round_}-early")
            assert result == "ok", f"seed {seed}, round {round_}: integrity_check after an early kill: {result}"
            emu.start()
        for m in models:
            verify(emu, m, round_)

    assert emu.stop() == 0
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    total = sum(m.acked_ops for m in models)
    committed = sum(m.inflight["committed"] for m in models)
    lost = sum(m.inflight["lost"] for m in models)
    with capsys.disabled():
        print(f"\n[crash safety] seed {seed}: {ROUNDS} rounds ({ROUNDS - ROUNDS // 7} kill -9, {ROUNDS // 7} SIGTERM; "
              f"{kills_mid_load} with acknowledged load before the stop), {total} acknowledged changes over {len(models)} namespaces, all present after each restart; "
              f"unacknowledged updates/tags in flight at the kill: {committed} committed, {lost} not")
    assert total >= ROUNDS * 10, f"too little load to mean anything: {total} acknowledged changes"
    assert kills_mid_load >= ROUNDS // 2
