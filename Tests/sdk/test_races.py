"""Races (issue 4 part 4): many clients racing UpdateWorkforce (OIDC and CIDRs), CreateWorkteam and
DeleteWorkteam on one OIDC workforce: no 500, no lost update, and the OIDC rule holds under the race.

Every request is recorded with its [send, receive] interval (time.monotonic, one process) and result.
The checks only use what the intervals prove:
- a team certainly exists from the end of its successful CreateWorkteam to the start of its successful
  DeleteWorkteam: a successful OIDC update lying wholly inside such a window is a violation;
- a team possibly exists from the start of its CreateWorkteam to the end of its DeleteWorkteam: an
  OIDC update refused for work teams lying wholly outside every such span is a wrong refusal;
- a write W acknowledged before a write W' of the same member was sent precedes W' in server order;
  a response (the workforce right after an update) showing W's value although some W' lies between W
  and that update certainly is a lost update.
Default 3 s of racing; WFE_LONG=1: 20 s (WFE_RACE_SECONDS overrides both).
"""

from __future__ import annotations

import bisect
import os
import random
import threading
import time
from dataclasses import dataclass, field

import pytest

import hostile
import wfe
from hostile import RawClient, Unacknowledged

RACE_SECONDS = float(os.environ.get("WFE_RACE_SECONDS") or (20 if hostile.LONG else 3))
WORKFORCE = "Race-Force"
INF = float("inf")


@dataclass
class Call:
    kind: str  # oidc | cidr | create | delete
    value: str  # the ClientId, the CIDR, or the team name
    t0: float
    t1: float
    status: int | None  # None: no answer (connection dropped)
    doc: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def code(self) -> str | None:
        return self.doc.get("__type")


class Recorder:
    def __init__(self):
        self.calls: list[Call] = []
        self.lock = threading.Lock()

    def call(self, client: RawClient, kind: str, value: str, op: str, body: dict) -> Call:
        t0 = time.monotonic()
        try:
            status, doc = client.call(op, body)
        except Unacknowledged as err:
            status, doc = None, {"_error": str(err)}
        c = Call(kind, value, t0, time.monotonic(), status, doc)
        with self.lock:
            self.calls.append(c)
        return c


def oidc_cfg(client_id: str) -> dict:
    return wfe.oidc_config(secret=f"secret-of-{client_id}", host=f"{client_id}.idp.example.com", ClientId=client_id)


def cidr_of(tid: int, i: int) -> str:
    return f"10.{tid}.{(i >> 8) & 255}.{i & 255}/32"


def client_id_of(doc: dict) -> str:
    return doc["Workforce"]["OidcConfig"]["ClientId"]


def cidr_value_of(doc: dict) -> str:
    cidrs = doc["Workforce"]["SourceIpConfig"]["Cidrs"]
    assert len(cidrs) == 1, cidrs
    return cidrs[0]


def run_threads(targets: list, seconds: float) -> None:
    stop = threading.Event()
    threads = [threading.Thread(target=t, args=(stop,), daemon=True) for t in targets]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=30)
        assert not t.is_alive(), "a racing client did not stop"


class PrefixMax:
    """max(value) over the items whose key is below a bound, in O(log n) per query."""

    def __init__(self, items: list[tuple[float, float]]):
        items = sorted(items)
        self.keys = [k for k, _ in items]
        self.maxes = []
        best = -INF
        for _, v in items:
            best = max(best, v)
            self.maxes.append(best)

    def below(self, bound: float) -> float:
        i = bisect.bisect_left(self.keys, bound)
        return self.maxes[i - 1] if i else -INF


def lost_updates(updates: list[Call], kind: str, value_of, initial: str) -> list[str]:
    """Responses that show a value of `kind` certainly overwritten before the update was even sent."""
    writes = {c.value: c for c in updates if c.kind == kind and c.ok}
    # for a bound b: the latest send time among the writes acknowledged before b
    latest_sent_before = PrefixMax([(w.t1, w.t0) for w in writes.values()])
    problems = []
    for r in updates:
        if not r.ok:
            continue
        shown = value_of(r.doc)
        if shown == initial:
            w_t1 = -INF
        else:
            w = writes.get(shown)
            if w is None:
                problems.append(f"{r.kind} {r.value}: shows {kind} {shown!r}, which no successful update wrote")
                continue
            if w.t0 > r.t1:
                problems.append(f"{r.kind} {r.value}: shows {kind} {shown!r}, sent only after this answer")
                continue
            w_t1 = w.t1
        # some other write sent after `shown` was acknowledged and acknowledged before r was sent?
        if latest_sent_before.below(r.t0) > w_t1:
            problems.append(f"{r.kind} {r.value}: shows {kind} {shown!r}, but another {kind} update was written "
                            f"certainly after it and before this update was sent (lost update)")
    return problems


def test_oidc_updates_cidr_updates_and_workteams_racing_on_one_workforce(emulator_factory, capsys):
    emu = emulator_factory(delay=0, name="races")
    account = wfe.random_account()
    initial = oidc_cfg("initial-client")
    initial_cidr = "192.0.2.0/24"
    setup = RawClient(emu, account, "us-east-1")
    status, doc = setup.call("CreateWorkforce", {"WorkforceName": WORKFORCE, "OidcConfig": initial,
                                                 "SourceIpConfig": {"Cidrs": [initial_cidr]}})
    assert status == 200, doc
    rec = Recorder()
    sent_client_ids = {"initial-client"}
    sent_configs = {"initial-client": initial}

    def oidc_updater(tid):
        def run(stop):
            c = RawClient(emu, account, "us-east-1")
            i = 0
            while not stop.is_set():
                i += 1
                cid = f"client-{tid}-{i}"
                cfg = oidc_cfg(cid)
                sent_client_ids.add(cid)
                sent_configs[cid] = cfg
                rec.call(c, "oidc", cid, "UpdateWorkforce", {"WorkforceName": WORKFORCE, "OidcConfig": cfg})
            c.close()
        return run

    def cidr_updater(tid):
        def run(stop):
            c = RawClient(emu, account, "us-east-1")
            i = 0
            while not stop.is_set():
                i += 1
                cidr = cidr_of(tid, i)
                rec.call(c, "cidr", cidr, "UpdateWorkforce",
                         {"WorkforceName": WORKFORCE, "SourceIpConfig": {"Cidrs": [cidr]}})
            c.close()
        return run

    def team_cycler(tid):
        def run(stop):
            c = RawClient(emu, account, "us-east-1")
            rng = random.Random(tid)
            i = 0
            while not stop.is_set():
                i += 1
                name = f"race-{tid}-{i}"
                created = rec.call(c, "create", name, "CreateWorkteam", {
                    "WorkteamName": name, "WorkforceName": WORKFORCE, "Description": f"racing team {name}",
                    "MemberDefinitions": [wfe.oidc_member(f"group-{tid}")]})
                if not created.ok:
                    break
                time.sleep(rng.uniform(0, 0.004))
                deleted = rec.call(c, "delete", name, "DeleteWorkteam", {"WorkteamName": name})
                if not deleted.ok:
                    break
                time.sleep(rng.uniform(0, 0.012))
            c.close()
        return run

    racers = ([oidc_updater(t) for t in range(4)] + [cidr_updater(t) for t in range(2)]
              + [team_cycler(t) for t in range(3)])
    run_threads(racers, RACE_SECONDS)
    calls = sorted(rec.calls, key=lambda c: c.t0)

    # 1. no 500, nothing unexpected: CIDR updates, creates and deletes always succeed; OIDC updates
    #    succeed or are refused because of the work teams
    conflict_msg = (f"Cannot update OidcConfig of workforce {WORKFORCE} because it has work teams. "
                    f"Delete the work teams first.")
    unexpected = []
    for c in calls:
        if c.status == 500 or c.status is None:
            unexpected.append(c)
        elif c.kind == "oidc":
            if not c.ok and not (c.status == 400 and c.code == "ConflictException" and c.doc.get("message") == conflict_msg):
                unexpected.append(c)
        elif not c.ok:
            unexpected.append(c)
        elif c.kind == "delete" and c.doc != {"Success": True}:
            unexpected.append(c)
    assert not unexpected, f"{len(unexpected)} unexpected answers, e.g. {unexpected[:3]}"

    # 2. the OIDC rule under the race
    creates = {c.value: c for c in calls if c.kind == "create"}
    deletes = {c.value: c for c in calls if c.kind == "delete"}
    certain = [(creates[n].t1, deletes[n].t0 if n in deletes else INF) for n in creates]
    possible = [(creates[n].t0, deletes[n].t1 if n in deletes else INF) for n in creates]
    oidc = [c for c in calls if c.kind == "oidc"]
    violations = [c for c in oidc if c.ok and any(s <= c.t0 and c.t1 <= e for s, e in certain)]
    assert not violations, (f"{len(violations)} OIDC updates applied while a work team certainly existed, "
                            f"e.g. {violations[:3]}")
    wrong_refusals = [c for c in oidc if not c.ok and not any(s < c.t1 and c.t0 < e for s, e in possible)]
    assert not wrong_refusals, (f"{len(wrong_refusals)} OIDC updates refused while no work team could exist, "
                                f"e.g. {wrong_refusals[:3]}")
    inside = sum(1 for c in oidc if any(s <= c.t0 and c.t1 <= e for s, e in certain))
    outside = sum(1 for c in oidc if not any(s < c.t1 and c.t0 < e for s, e in possible))
    applied = sum(1 for c in oidc if c.ok)
    refused = len(oidc) - applied
    # the race must really have happened both ways
    assert inside >= 5 and outside >= 1, (f"the race was not exercised: {inside} OIDC updates wholly inside a "
                                           f"team's lifetime, {outside} wholly outside every one")
    assert applied >= 5 and refused >= 5, (applied, refused)

    # 3. every successful OIDC update's answer shows what it sent (ClientId sent, no secret)
    for c in oidc:
        if c.ok:
            shown = c.doc["Workforce"]["OidcConfig"]
            assert "ClientSecret" not in shown
            assert shown["ClientId"] == c.value, (c.value, shown)
            assert shown == wfe.without_secret(sent_configs[c.value])
    for c in calls:
        if c.ok and c.kind in ("oidc", "cidr"):
            assert client_id_of(c.doc) in sent_client_ids
            if c.kind == "cidr":
                assert cidr_value_of(c.doc) == c.value

    # 4. no lost update, judged by the intervals
    updates = [c for c in calls if c.kind in ("oidc", "cidr")]
    problems = (lost_updates(updates, "oidc", client_id_of, "initial-client")
                + lost_updates(updates, "cidr", cidr_value_of, initial_cidr))
    assert not problems, f"{len(problems)} lost updates, e.g. {problems[:3]}"

    # 5. server order (LastUpdatedDate) agrees with the intervals, and the final state is the last
    #    acknowledged update of each member in that order
    ok_updates = [c for c in updates if c.ok]
    stamp = {id(c): c.doc["Workforce"]["LastUpdatedDate"] for c in ok_updates}
    # a acknowledged before b was sent => a's LastUpdatedDate <= b's
    latest_stamp_before = PrefixMax([(c.t1, stamp[id(c)]) for c in ok_updates])
    disorder = [b.value for b in ok_updates if latest_stamp_before.below(b.t0) > stamp[id(b)]]
    assert not disorder, f"LastUpdatedDate goes backwards between sequential updates: {disorder[:3]}"
    setup2 = RawClient(emu, account, "us-east-1")
    status, final = setup2.call("DescribeWorkforce", {"WorkforceName": WORKFORCE})
    setup2.close()
    assert status == 200, final
    wf = final["Workforce"]
    assert wf["LastUpdatedDate"] == max(stamp.values())
    for kind, value_of in (("oidc", client_id_of), ("cidr", cidr_value_of)):
        mine = [c for c in ok_updates if c.kind == kind]
        top = max(stamp[id(c)] for c in mine)
        candidates = {c.value for c in mine if stamp[id(c)] == top}
        assert value_of(final) in candidates, (f"final {kind} {value_of(final)!r} is not the last acknowledged "
                                               f"one in server order ({candidates})")
        last_of_kind = max((c for c in mine if c.value == value_of(final)), key=lambda c: stamp[id(c)])
        if kind == "oidc":
            assert wf["OidcConfig"] == wfe.without_secret(sent_configs[last_of_kind.value])
    # no team is left, and the workforce still takes an OIDC update
    status, teams = setup.call("ListWorkteams", {"MaxResults": 100})
    assert status == 200 and teams["Workteams"] == [], teams
    status, doc = setup.call("UpdateWorkforce", {"WorkforceName": WORKFORCE, "OidcConfig": oidc_cfg("after-race")})
    assert status == 200 and client_id_of(doc) == "after-race", doc
    setup.close()

    errors = [line for line in emu.all_stderr_text().splitlines() if "internal_failure" in line or "level=error" in line]
    assert not errors, errors[:5]
    with capsys.disabled():
        print(f"\n[races] {len(calls)} requests in {RACE_SECONDS:.0f}s: {applied} OIDC updates applied, {refused} refused "
              f"({inside} certainly during a team's life, {outside} certainly outside all), "
              f"{sum(1 for c in updates if c.kind == 'cidr')} CIDR updates, {len(creates)} teams created and deleted")


def test_delete_workforce_racing_create_workteam_leaves_no_orphans(emulator_factory):
    """DeleteWorkforce succeeds only if no CreateWorkteam succeeded before it; after it none can succeed.
    So in each round either the delete failed (ResourceInUse) or no create succeeded at all."""
    emu = emulator_factory(delay=0, name="orphans")
    rounds = hostile.scaled(30, 200)
    outcomes = {"deleted": 0, "in-use": 0}
    for r in range(rounds):
        account = wfe.random_account()
        setup = RawClient(emu, account, "eu-west-1")
        status, doc = setup.call("CreateWorkforce", {"WorkforceName": f"Orphan-{r}", "CognitoConfig": wfe.COGNITO})
        assert status == 200, doc
        results: list[tuple[str, int | None, dict]] = []
        barrier = threading.Barrier(5)

        def creator(k):
            c = RawClient(emu, account, "eu-west-1")
            barrier.wait(timeout=10)
            time.sleep(random.uniform(0, 0.002))
            for j in range(3):
                try:
                    # Named: without WorkforceName a create after the delete would bring workforce
                    # `default` into being (human-review-api.md §7), which is no orphan but no race either.
                    st, d = c.call("CreateWorkteam", {"WorkteamName": f"o-{k}-{j}", "Description": "d", "WorkforceName": f"Orphan-{r}",
                                                      "MemberDefinitions": [wfe.cognito_member()]})
                except Unacknowledged as err:
                    st, d = None, {"_error": str(err)}
                results.append(("create", st, d))
            c.close()

        def deleter():
            c = RawClient(emu, account, "eu-west-1")
            barrier.wait(timeout=10)
            time.sleep(random.uniform(0, 0.003))
            try:
                st, d = c.call("DeleteWorkforce", {"WorkforceName": f"Orphan-{r}"})
            except Unacknowledged as err:
                st, d = None, {"_error": str(err)}
            results.append(("delete", st, d))
            c.close()

        threads = [threading.Thread(target=creator, args=(k,)) for k in range(4)] + [threading.Thread(target=deleter)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        created = [x for x in results if x[0] == "create" and x[1] == 200]
        (_, dstatus, ddoc), = [x for x in results if x[0] == "delete"]
        for kind, st, d in results:
            assert st in (200, 400), (kind, st, d)
        status, listed = setup.call("ListWorkteams", {"MaxResults": 100})
        assert status == 200
        if dstatus == 200:
            outcomes["deleted"] += 1
            assert not created, f"round {r}: DeleteWorkforce succeeded although {len(created)} teams were created"
            assert listed["Workteams"] == [], f"round {r}: orphan teams {listed}"
            for kind, st, d in results:
                if kind == "create":
                    assert d.get("message") == f"No workforce found with name Orphan-{r}." or \
                        d.get("__type") == "ValidationException", d
        else:
            outcomes["in-use"] += 1
            assert ddoc.get("__type") == "ResourceInUse", ddoc
            assert created, f"round {r}: DeleteWorkforce refused as in use but no team was created: {ddoc}"
            assert sorted(t["WorkteamName"] for t in listed["Workteams"]) == sorted(
                d["WorkteamArn"].rsplit("/", 1)[1] for _, _, d in created)
        setup.close()
    assert outcomes["deleted"] + outcomes["in-use"] == rounds


@pytest.mark.parametrize("contenders", [8])
def test_same_name_create_and_delete_races_have_exactly_one_winner(emulator_factory, contenders):
    emu = emulator_factory(delay=0, name="same-name")
    account = wfe.random_account()
    setup = RawClient(emu, account, "us-east-2")
    assert setup.call("CreateWorkforce", {"WorkforceName": "Same-Name", "OidcConfig": oidc_cfg("same")})[0] == 200
    for r in range(hostile.scaled(20, 150)):
        name = f"same-{r}"
        for op, body, winner_doc, loser in (
                ("CreateWorkteam", {"WorkteamName": name, "Description": "d", "MemberDefinitions": [wfe.oidc_member()]},
                 None, ("ResourceInUse", None)),
                ("DeleteWorkteam", {"WorkteamName": name}, {"Success": True},
                 ("ValidationException", f"The work team {name} does not exist."))):
            barrier = threading.Barrier(contenders)
            out: list[tuple[int | None, dict]] = []

            def contend():
                c = RawClient(emu, account, "us-east-2")
                c.call("ListWorkforces", {})  # connect first, so the barrier lines up the real requests
                barrier.wait(timeout=10)
                try:
                    out.append(c.call(op, body))
                except Unacknowledged as err:
                    out.append((None, {"_error": str(err)}))
                c.close()

            threads = [threading.Thread(target=contend) for _ in range(contenders)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=30)
            winners = [d for st, d in out if st == 200]
            losers = [(st, d) for st, d in out if st != 200]
            assert len(winners) == 1, f"{op} {name}: {len(winners)} winners: {out}"
            if winner_doc is not None:
                assert winners[0] == winner_doc
            for st, d in losers:
                assert st == 400 and d.get("__type") == loser[0], (op, st, d)
                if loser[1]:
                    assert d["message"] == loser[1]
    status, listed = setup.call("ListWorkteams", {"MaxResults": 100})
    assert status == 200 and listed["Workteams"] == []
    setup.close()


def test_vpc_and_cidr_rule_holds_under_race(emulator_factory):
    """Threads add a VPC (clearing the CIDRs), remove it, and set CIDRs: no answer and no final state
    ever has both a VPC and a CIDR restriction (spec §6 "No IP restriction on a VPC workforce")."""
    emu = emulator_factory(delay=0, name="vpc-race")
    account = wfe.random_account()
    setup = RawClient(emu, account, "us-east-1")
    assert setup.call("CreateWorkforce", {"WorkforceName": "Vpc-Race", "CognitoConfig": wfe.COGNITO})[0] == 200
    rec = Recorder()
    vpc_refusal = []

    def adder(stop):
        c = RawClient(emu, account, "us-east-1")
        while not stop.is_set():
            rec.call(c, "vpc", "add", "UpdateWorkforce", {"WorkforceName": "Vpc-Race", "WorkforceVpcConfig": wfe.VPC,
                                                         "SourceIpConfig": {"Cidrs": []}})
        c.close()

    def remover(stop):
        c = RawClient(emu, account, "us-east-1")
        while not stop.is_set():
            rec.call(c, "vpc", "remove", "UpdateWorkforce", {"WorkforceName": "Vpc-Race", "WorkforceVpcConfig": {}})
            time.sleep(0.001)
        c.close()

    def restrictor(tid):
        def run(stop):
            c = RawClient(emu, account, "us-east-1")
            i = 0
            while not stop.is_set():
                i += 1
                call = rec.call(c, "cidr", cidr_of(tid, i), "UpdateWorkforce",
                                {"WorkforceName": "Vpc-Race", "SourceIpConfig": {"Cidrs": [cidr_of(tid, i)]}})
                if not call.ok:
                    vpc_refusal.append(call)
            c.close()
        return run

    run_threads([adder, remover, restrictor(1), restrictor(2)], max(1.5, RACE_SECONDS / 2))
    bad = []
    for c in rec.calls:
        if c.status is None or c.status == 500:
            bad.append(c)
        elif c.ok:
            wf = c.doc["Workforce"]
            if "WorkforceVpcConfig" in wf and wf["SourceIpConfig"]["Cidrs"]:
                bad.append(c)
        elif not (c.kind == "cidr" and c.code == "ValidationException"):
            bad.append(c)
    assert not bad, f"{len(bad)} bad answers, e.g. {bad[:3]}"
    applied = sum(1 for c in rec.calls if c.kind == "cidr" and c.ok)
    assert vpc_refusal and applied, f"the race was not exercised: {applied} CIDR updates applied, {len(vpc_refusal)} refused"
    status, final = setup.call("DescribeWorkforce", {"WorkforceName": "Vpc-Race"})
    assert status == 200
    wf = final["Workforce"]
    assert not ("WorkforceVpcConfig" in wf and wf["SourceIpConfig"]["Cidrs"]), wf
    setup.close()
