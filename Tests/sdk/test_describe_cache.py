"""DescribeWorkforce answers settled workforces from memory (DescribeCache, issue 5): those answers must
never be older than a write the client has seen acknowledged, through every kind of write."""

from __future__ import annotations

import threading

import wfe
from wfe import COGNITO


def cidrs(ns, name="wf"):
    return ns.client.describe_workforce(WorkforceName=name)["Workforce"]["SourceIpConfig"]["Cidrs"]


def test_every_kind_of_write_shows_in_the_next_describe(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="wf", CognitoConfig=COGNITO)
    assert cidrs(ns) == [] and cidrs(ns) == []  # the second answer comes from the cache
    ns.client.update_workforce(WorkforceName="wf", SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    assert cidrs(ns) == ["10.0.0.0/16"] and cidrs(ns) == ["10.0.0.0/16"]
    wfe.expect_error(lambda: ns.client.describe_workforce(WorkforceName="other"), "ValidationException",
                     "No workforce found with name other.")
    ns.client.delete_workforce(WorkforceName="wf")
    wfe.expect_error(lambda: ns.client.describe_workforce(WorkforceName="wf"), "ValidationException",
                     "No workforce found with name wf.")
    ns.client.create_workforce(WorkforceName="wf", CognitoConfig=COGNITO)
    assert cidrs(ns) == [] and cidrs(ns) == []
    assert emu.http("POST", "/_emulator/reset", body=b"").status == 200
    wfe.expect_error(lambda: ns.client.describe_workforce(WorkforceName="wf"), "ValidationException",
                     "No workforce found with name wf.")


def test_a_remembered_answer_has_its_own_request_id_and_the_same_body(emulator_factory):
    emu = emulator_factory(delay=0)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="wf", CognitoConfig=COGNITO,
                               SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    answers = [ns.raw("DescribeWorkforce", {"WorkforceName": "wf"}) for _ in range(3)]
    assert [a.status for a in answers] == [200, 200, 200]
    assert len({a.body for a in answers}) == 1
    assert len({a.header("x-amzn-RequestId") for a in answers}) == 3
    assert all(a.header("Content-Type") == "application/x-amz-json-1.1" for a in answers)
    workforce = answers[0].json["Workforce"]
    assert workforce["Status"] == "Active" and "ClientSecret" not in answers[0].text


def test_a_workforce_mid_transition_is_read_each_time(emulator_factory):
    emu = emulator_factory(delay=3600)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="wf", CognitoConfig=COGNITO)
    for _ in range(3):
        assert ns.client.describe_workforce(WorkforceName="wf")["Workforce"]["Status"] == "Initializing"
    assert emu.http("POST", "/_emulator/transitions/complete", body=b"").status == 200
    for _ in range(3):
        assert ns.client.describe_workforce(WorkforceName="wf")["Workforce"]["Status"] == "Active"
    ns.client.update_workforce(WorkforceName="wf", SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    assert ns.client.describe_workforce(WorkforceName="wf")["Workforce"]["Status"] == "Updating"


def test_namespaces_do_not_share_answers(emulator_factory):
    emu = emulator_factory(delay=0)
    east, west = emu.namespace("us-east-1"), emu.namespace("us-west-2")
    east.client.create_workforce(WorkforceName="wf", CognitoConfig=COGNITO,
                                 SourceIpConfig={"Cidrs": ["10.0.0.0/16"]})
    assert cidrs(east) == ["10.0.0.0/16"]
    wfe.expect_error(lambda: west.client.describe_workforce(WorkforceName="wf"), "ValidationException",
                     "No workforce found with name wf.")
    west.client.create_workforce(WorkforceName="wf", CognitoConfig=COGNITO)
    assert cidrs(west) == [] and cidrs(east) == ["10.0.0.0/16"]


def test_read_your_writes_while_other_clients_fill_the_cache(emulator_factory):
    """Readers on other connections keep describing (and caching) while one client updates; every
    describe that client makes after an acknowledged update sees that update."""
    emu = emulator_factory(delay=0)
    ns = emu.namespace()
    ns.client.create_workforce(WorkforceName="wf", CognitoConfig=COGNITO)
    stop = threading.Event()
    failures: list[BaseException] = []

    def hammer():
        client = emu.namespace(account=ns.account).client
        try:
            while not stop.is_set():
                client.describe_workforce(WorkforceName="wf")
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    readers = [threading.Thread(target=hammer) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        for round_ in range(150):
            wanted = [f"10.{round_ % 250}.0.0/16"]
            ns.client.update_workforce(WorkforceName="wf", SourceIpConfig={"Cidrs": wanted})
            assert cidrs(ns) == wanted, f"round {round_}"
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert not failures
