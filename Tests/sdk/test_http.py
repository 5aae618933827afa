"""HTTP/1.1 framing and concurrency over raw sockets and threads (DESIGN.md "Concurrency", RFC 9112)."""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

import wfe
from wfe import COGNITO, cognito_member


def connect(emu) -> socket.socket:
    return socket.create_connection((emu.host, emu.port), timeout=10)


def request(target: str, body: bytes, extra_headers: str = "", framing: str | None = None) -> bytes:
    framing = framing if framing is not None else f"Content-Length: {len(body)}\r\n"
    return (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {target}\r\n"
            f"Content-Type: application/x-amz-json-1.1\r\n{framing}{extra_headers}\r\n").encode() + body


def test_chunked_request_body_is_read_and_the_connection_stays_usable(server):
    payload = json.dumps({"WorkforceName": "Chunky-Name"}).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (payload[:7], payload[7:])) + b"0\r\n\r\n"
    with connect(server) as s:
        s.sendall(request("SageMaker.DescribeWorkforce", chunked, framing="Transfer-Encoding: chunked\r\n"))
        buf = bytearray()
        status, _, body = wfe.read_http_response(s, buf)
        assert status == 400
        assert json.loads(body)["message"] == "No workforce found with name Chunky-Name."
        s.sendall(request("SageMaker.ListWorkforces", b"{}"))
        status, _, body = wfe.read_http_response(s, buf)
        assert status == 200 and "Workforces" in json.loads(body)


def test_content_length_and_transfer_encoding_together_is_400_and_close(server):
    with connect(server) as s:
        s.sendall(request("SageMaker.ListWorkforces", b"0\r\n\r\n",
                          framing="Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"))
        status, _, _ = wfe.read_http_response(s, bytearray())
        assert status == 400
        assert wfe.connection_closed(s)


def test_invalid_content_length_is_400(server):
    with connect(server) as s:
        s.sendall(request("SageMaker.ListWorkforces", b"{}", framing="Content-Length: two\r\n"))
        status, _, _ = wfe.read_http_response(s, bytearray())
        assert status == 400
        assert wfe.connection_closed(s)


def test_connection_close_is_honoured(server):
    with connect(server) as s:
        s.sendall(request("SageMaker.ListWorkforces", b"{}", extra_headers="Connection: close\r\n"))
        status, headers, _ = wfe.read_http_response(s, bytearray())
        assert status == 200
        assert wfe.connection_closed(s)


def test_many_idle_connections_do_not_block_requests(server, ns):
    idle = []
    try:
        for _ in range(150):
            idle.append(connect(server))
        # half of them with a request started but not finished
        for s in idle[::2]:
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{")
        t0 = time.monotonic()
        for _ in range(5):
            assert ns.client.list_workforces()["Workforces"] == []
        assert time.monotonic() - t0 < 5, "requests were held up by idle connections"
    finally:
        for s in idle:
            s.close()
    assert ns.client.list_workforces()["Workforces"] == []


def test_concurrent_create_workforce_in_one_namespace_makes_exactly_one(server):
    account = wfe.random_account()
    clients = [wfe.Namespace(server, account=account) for _ in range(12)]
    barrier = threading.Barrier(len(clients))

    def attempt(i):
        barrier.wait(timeout=10)
        try:
            clients[i].client.create_workforce(WorkforceName=f"Race-{i}", CognitoConfig=COGNITO)
            return "ok"
        except ClientError as err:
            assert err.response["Error"]["Message"].startswith("Cannot create more than one workforce for account")
            return err.response["Error"]["Code"]

    with ThreadPoolExecutor(len(clients)) as pool:
        results = list(pool.map(attempt, range(len(clients))))
    assert results.count("ok") == 1, results
    assert set(results) - {"ok"} == {"ValidationException"}
    assert len(clients[0].client.list_workforces()["Workforces"]) == 1


def test_concurrent_create_workteam_respects_the_limit(server):
    ns = wfe.Namespace(server)
    ns.client.create_workforce(WorkforceName="Team-Race", CognitoConfig=COGNITO)
    clients = [wfe.Namespace(server, account=ns.account) for _ in range(6)]

    def attempt(i):
        try:
            clients[i % len(clients)].client.create_workteam(WorkteamName=f"race-{i}",
                                                             MemberDefinitions=[cognito_member()], Description="d")
            return "ok"
        except ClientError as err:
            return err.response["Error"]["Code"]

    with ThreadPoolExecutor(len(clients)) as pool:
        results = list(pool.map(attempt, range(32)))
    assert results.count("ok") == 25, results
    assert results.count("ResourceLimitExceeded") == 7, results
    listed = ns.client.list_workteams(MaxResults=100)["Workteams"]
    assert len(listed) == 25


def test_concurrent_namespaces_do_not_interfere(server):
    def work(i):
        ns = wfe.Namespace(server, region=["us-east-1", "eu-west-1", "ap-south-1"][i % 3])
        ns.client.create_workforce(WorkforceName=f"Par-{i}", CognitoConfig=COGNITO)
        for j in range(4):
            ns.client.create_workteam(WorkteamName=f"t{j}", MemberDefinitions=[cognito_member(f"g{i}")],
                                      Description=f"{i}-{j}")
            ns.client.update_workforce(WorkforceName=f"Par-{i}", SourceIpConfig={"Cidrs": [f"10.{i}.{j}.0/24"]})
        teams = ns.client.list_workteams(SortBy="Name")["Workteams"]
        wf = ns.client.describe_workforce(WorkforceName=f"Par-{i}")["Workforce"]
        return ([t["Description"] for t in teams], wf["SourceIpConfig"]["Cidrs"])

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(16)))
    for i, (descriptions, cidrs) in enumerate(results):
        assert descriptions == [f"{i}-{j}" for j in range(4)]
        assert cidrs == [f"10.{i}.3.0/24"]
