"""The awsJson 1.1 wire protocol and HTTP behaviour, over raw HTTP (spec §1, §7 "HTTP")."""

from __future__ import annotations

import json
import re
import select
import socket
import time

import pytest

import wfe
from wfe import COGNITO, cognito_member, no_nulls

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
EMULATED = ["CreateWorkforce", "DescribeWorkforce", "UpdateWorkforce", "ListWorkforces", "DeleteWorkforce",
            "CreateWorkteam", "DescribeWorkteam", "UpdateWorkteam", "ListWorkteams", "DeleteWorkteam",
            "AddTags", "ListTags", "DeleteTags"]


def media_type(value):
    return (value or "").split(";")[0].strip().lower()


def assert_success(r):
    assert r.status == 200, f"{r.status}: {r.text}"
    assert media_type(r.header("Content-Type")) == "application/x-amz-json-1.1"
    assert UUID_RE.match(r.header("x-amzn-RequestId") or ""), r.headers
    body = r.json
    assert isinstance(body, dict)
    no_nulls(body)
    return body


def assert_error(r, code, status=400):
    assert r.status == status, f"{r.status}: {r.text}"
    body = r.json
    assert body["__type"] == code, body
    assert r.header("X-Amzn-ErrorType") == code
    assert isinstance(body["message"], str) and body["message"]
    assert body["Message"] == body["message"]
    no_nulls(body)
    return body


def is_epoch_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# -- success ------------------------------------------------------------------------------------
def test_success_response_headers_and_body(ns):
    body = assert_success(ns.raw("CreateWorkforce", {"WorkforceName": "Wire-Force", "CognitoConfig": COGNITO}))
    assert body == {"WorkforceArn": ns.workforce_arn("Wire-Force")}


def test_request_ids_are_unique(ns):
    ids = {ns.raw("ListWorkforces", {}).header("x-amzn-RequestId") for _ in range(5)}
    assert len(ids) == 5


def test_timestamps_are_epoch_seconds_numbers(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="ts", MemberDefinitions=[cognito_member()], Description="d")
    now = time.time()
    wf = assert_success(ns.raw("DescribeWorkforce", {"WorkforceName": cognito_wf}))["Workforce"]
    team = assert_success(ns.raw("DescribeWorkteam", {"WorkteamName": "ts"}))["Workteam"]
    listed_wf = assert_success(ns.raw("ListWorkforces", {}))["Workforces"][0]
    listed_team = assert_success(ns.raw("ListWorkteams", {}))["Workteams"][0]
    updated = assert_success(ns.raw("UpdateWorkforce", {"WorkforceName": cognito_wf}))["Workforce"]
    for obj in (wf, team, listed_wf, listed_team, updated):
        for key in ("CreateDate", "LastUpdatedDate"):
            assert is_epoch_number(obj[key]), f"{key} must be a JSON number, got {obj[key]!r}"
            assert abs(obj[key] - now) < 120, f"{key}={obj[key]} is not epoch seconds near {now}"


def test_absent_optionals_are_omitted(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="bare", MemberDefinitions=[cognito_member()], Description="d")
    wf = assert_success(ns.raw("DescribeWorkforce", {"WorkforceName": cognito_wf}))["Workforce"]
    for key in ("OidcConfig", "WorkforceVpcConfig", "FailureReason", "IpAddressType"):
        assert key not in wf, f"{key} present in {wf}"
    assert wf["SourceIpConfig"] == {"Cidrs": []}
    team = assert_success(ns.raw("DescribeWorkteam", {"WorkteamName": "bare"}))["Workteam"]
    assert "WorkforceName" not in team
    body = assert_success(ns.raw("ListWorkforces", {"NameContains": "zzz"}))
    assert body == {"Workforces": []}
    assert "NextToken" not in assert_success(ns.raw("ListWorkteams", {}))


def test_delete_workteam_body_is_success_true(ns, cognito_wf):
    ns.client.create_workteam(WorkteamName="gone", MemberDefinitions=[cognito_member()], Description="d")
    assert assert_success(ns.raw("DeleteWorkteam", {"WorkteamName": "gone"})) == {"Success": True}


def test_delete_workforce_body_is_empty_object(ns, cognito_wf):
    assert assert_success(ns.raw("DeleteWorkforce", {"WorkforceName": cognito_wf})) == {}


def test_any_path_outside_the_admin_prefix_is_accepted(ns):
    assert_success(ns.raw("ListWorkforces", {}, path="/some/other/path"))


def test_health_endpoint(server):
    r = server.http("GET", "/_emulator/health")
    assert r.status == 200
    json.loads(r.body)


# -- errors -------------------------------------------------------------------------------------
def test_error_response_shape(ns):
    body = assert_error(ns.raw("DescribeWorkforce", {"WorkforceName": "Nope"}), "ValidationException")
    assert body["message"] == "No workforce found with name Nope."
    assert media_type(ns.raw("DescribeWorkforce", {"WorkforceName": "Nope"}).header("Content-Type")) in (
        "application/x-amz-json-1.1", "application/json")


@pytest.mark.parametrize("code,setup", [("ResourceInUse", "dup"), ("ResourceLimitExceeded", None),
                                        ("ConflictException", "oidc")])
def test_codes_without_and_with_exception_suffix(ns, create_wf, code, setup):
    if code == "ResourceInUse":
        create_wf(ns)
        ns.client.create_workteam(WorkteamName="dup", MemberDefinitions=[cognito_member()], Description="d")
        r = ns.raw("CreateWorkteam", {"WorkteamName": "dup", "MemberDefinitions": [cognito_member()], "Description": "d"})
    elif code == "ResourceLimitExceeded":
        create_wf(ns)
        for i in range(25):
            ns.client.create_workteam(WorkteamName=f"t{i}", MemberDefinitions=[cognito_member()], Description="d")
        r = ns.raw("CreateWorkteam", {"WorkteamName": "t25", "MemberDefinitions": [cognito_member()], "Description": "d"})
    else:
        name = create_wf(ns, OidcConfig=wfe.oidc_config())
        ns.client.create_workteam(WorkteamName="t", MemberDefinitions=[wfe.oidc_member("g")], Description="d")
        r = ns.raw("UpdateWorkforce", {"WorkforceName": name, "OidcConfig": wfe.oidc_config()})
    assert_error(r, code)


def test_not_emulated_sagemaker_operation_is_501(ns):
    r = ns.raw("CreateModel", {"ModelName": "m"})
    body = assert_error(r, "NotImplemented", status=501)
    for op in ("CreateWorkforce", "UpdateWorkforce", "CreateWorkteam"):
        assert op in body["message"], body["message"]


@pytest.mark.parametrize("target", ["", "Foo.Bar", "SageMaker.NoSuchOp", "SageMaker",
                                    "SageMaker.",
                                    # Near misses of an emulated target: the exact-bytes lookup must not
                                    # take them, in another case or one character longer or shorter.
                                    "sagemaker.DescribeWorkforce", "SageMaker.describeWorkforce",
                                    "SageMaker.DescribeWorkforceX", "SageMaker.DescribeWorkforc"])
def test_unknown_operation(ns, target):
    assert_error(ns.raw(None, {}, target=target), "UnknownOperationException")


@pytest.mark.parametrize("body", [b'{"WorkforceName": ', b"not json", b'{"WorkforceName": "x",}', b"\xff\xfe{}"])
def test_broken_json_is_serialization_exception(ns, body):
    assert_error(ns.raw("DescribeWorkforce", body), "SerializationException")


@pytest.mark.parametrize("op,body", [
    ("UpdateWorkforce", {"WorkforceName": "x", "SourceIpConfig": {"Cidrs": "10.0.0.0/8"}}),
    ("DescribeWorkforce", {"WorkforceName": 5}),
    ("ListWorkteams", {"MaxResults": "ten"}),
    ("CreateWorkforce", {"WorkforceName": "x", "CognitoConfig": ["not", "an", "object"]}),
    ("UpdateWorkforce", {"WorkforceName": "x", "SourceIpConfig": {"Cidrs": [1, 2]}}),
    ("CreateWorkteam", {"WorkteamName": "t", "MemberDefinitions": {"a": 1}, "Description": "d"}),
], ids=["string-for-list", "number-for-string", "string-for-int", "list-for-struct", "ints-in-string-list",
        "map-for-list"])
def test_wrong_member_type_is_serialization_exception(ns, op, body):
    assert_error(ns.raw(op, body), "SerializationException")


def test_serialization_checked_before_validation(ns):
    # a missing required member and a wrongly typed member: the type error wins (spec §7 order of checks)
    assert_error(ns.raw("UpdateWorkforce", {"SourceIpConfig": {"Cidrs": "x"}}), "SerializationException")


def test_unknown_members_are_ignored(ns):
    body = {"WorkforceName": "Future-Force", "CognitoConfig": dict(COGNITO, FutureField="x"),
            "SomeNewMember": {"nested": [1, 2, 3]}, "AnotherOne": None}
    assert_success(ns.raw("CreateWorkforce", body))
    wf = ns.client.describe_workforce(WorkforceName="Future-Force")["Workforce"]
    assert wf["CognitoConfig"] == COGNITO


@pytest.mark.parametrize("content_type", ["application/json", None])
def test_other_content_types_are_accepted(ns, content_type):
    body = assert_success(ns.raw("CreateWorkforce", {"WorkforceName": "Ctype", "CognitoConfig": COGNITO},
                                 content_type=content_type))
    assert body["WorkforceArn"] == ns.workforce_arn("Ctype")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_non_post_is_405_with_allow_post(server, method):
    r = server.http(method, "/")
    assert r.status == 405
    assert (r.header("Allow") or "").upper() == "POST"


# -- raw sockets: limits and malformed requests ---------------------------------------------------
def connect(server) -> socket.socket:
    return socket.create_connection((server.host, server.port), timeout=10)


def post_bytes(target: str, body: bytes, extra: str = "") -> bytes:
    return (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {target}\r\n"
            f"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {len(body)}\r\n{extra}\r\n").encode() + body


def test_body_over_one_mebibyte_is_413(server):
    body = b'{"WorkforceName": "x", "Pad": "' + b"a" * (1024 * 1024) + b'"}'
    assert len(body) > 1024 * 1024
    head, payload = post_bytes("SageMaker.DescribeWorkforce", body).split(b"\r\n\r\n", 1)
    with connect(server) as s:
        s.sendall(head + b"\r\n\r\n")
        # a server may answer from the Content-Length alone; otherwise send the body
        ready, _, _ = select.select([s], [], [], 1.0)
        if not ready:
            try:
                s.sendall(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass
        status, headers, _ = wfe.read_http_response(s, bytearray())
    assert status == 413


def test_body_of_exactly_one_mebibyte_is_accepted(ns):
    prefix, suffix = b'{"WorkforceName": "Nobody", "Pad": "', b'"}'
    body = prefix + b"a" * (1024 * 1024 - len(prefix) - len(suffix)) + suffix
    assert len(body) == 1024 * 1024
    r = ns.raw("DescribeWorkforce", body)
    assert_error(r, "ValidationException")
    assert r.json["message"] == "No workforce found with name Nobody."


def test_malformed_request_line_is_400_and_connection_closed(server):
    with connect(server) as s:
        s.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        status, headers, _ = wfe.read_http_response(s, bytearray())
        assert status == 400
        assert wfe.connection_closed(s), "the connection must be closed after a malformed request"


def test_request_line_over_8_kib_is_414(server):
    with connect(server) as s:
        s.sendall(b"POST /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        status, _, _ = wfe.read_http_response(s, bytearray())
    assert status == 414


def test_header_block_over_16_kib_is_431(server):
    headers = "".join(f"X-Filler-{i}: {'b' * 100}\r\n" for i in range(200))
    with connect(server) as s:
        s.sendall(post_bytes("SageMaker.ListWorkforces", b"{}", headers))
        status, _, _ = wfe.read_http_response(s, bytearray())
    assert status == 431


def test_keep_alive_and_pipelined_requests_answered_in_order(ns):
    server = ns.emulator
    first = post_bytes("SageMaker.DescribeWorkforce", json.dumps({"WorkforceName": "First-One"}).encode())
    second = post_bytes("SageMaker.DescribeWorkforce", json.dumps({"WorkforceName": "Second-One"}).encode())
    third = post_bytes("SageMaker.ListWorkforces", b"{}")
    with connect(server) as s:
        s.sendall(first + second)  # pipelined
        buf = bytearray()
        r1 = wfe.read_http_response(s, buf)
        r2 = wfe.read_http_response(s, buf)
        s.sendall(third)  # and keep-alive afterwards
        r3 = wfe.read_http_response(s, buf)
    assert json.loads(r1[2])["message"] == "No workforce found with name First-One."
    assert json.loads(r2[2])["message"] == "No workforce found with name Second-One."
    assert r3[0] == 200 and "Workforces" in json.loads(r3[2])


def test_server_survives_a_client_that_disconnects_mid_request(ns):
    with connect(ns.emulator) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"Work")
    assert_success(ns.raw("ListWorkforces", {}))

