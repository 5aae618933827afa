"""Optional SigV4 verification (issue 4 §5): with --credentials FILE every API request must be signed by
one of the file's key pairs; boto3 and the AWS CLI sign for real, with right and wrong keys."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from unittest import mock

import boto3
import botocore.auth
import botocore.config
import pytest

import wfe
from wfe import COGNITO

GOOD = ("123456789012", "good-secret/with+chars")
SECOND = ("AKIDSECONDPROFILE", "second-secret")


@pytest.fixture
def signed_emulator(emulator_factory, tmp_path):
    creds = tmp_path / "credentials"
    creds.write_text(f"[default]\naws_access_key_id = {GOOD[0]}\naws_secret_access_key = {GOOD[1]}\n\n"
                     f"[other]\naws_access_key_id={SECOND[0]}\naws_secret_access_key={SECOND[1]}\n")
    return emulator_factory(delay=0, args=["--credentials", str(creds)])


def client(emu, key, secret, region="us-east-1"):
    return boto3.session.Session().client(
        "sagemaker", region_name=region, endpoint_url=emu.url, aws_access_key_id=key, aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1}))


def code_of(call):
    with pytest.raises(Exception) as excinfo:
        call()
    return wfe.error_of(excinfo)


def test_every_profile_signs_and_the_namespace_still_follows_the_key(signed_emulator):
    good = client(signed_emulator, *GOOD)
    good.create_workforce(WorkforceName="Signed", CognitoConfig=COGNITO)
    assert good.describe_workforce(WorkforceName="Signed")["Workforce"]["WorkforceArn"].endswith(":123456789012:workforce/Signed")
    second = client(signed_emulator, *SECOND, region="eu-west-1")
    assert second.list_workforces()["Workforces"] == []


def test_wrong_secret_unknown_key_and_unsigned_requests_are_refused(signed_emulator):
    code, message = code_of(lambda: client(signed_emulator, GOOD[0], "wrong").list_workforces())
    assert code == "InvalidSignatureException" and "does not match" in message
    code, _ = code_of(lambda: client(signed_emulator, "AKIDUNKNOWN", GOOD[1]).list_workforces())
    assert code == "UnrecognizedClientException"
    ns = signed_emulator.namespace(account=GOOD[0])
    unsigned = ns.raw("ListWorkforces", {}, sign=False)
    assert (unsigned.status, unsigned.json["__type"]) == (403, "MissingAuthenticationTokenException")
    malformed = ns.raw("ListWorkforces", {}, sign=False, extra_headers={"Authorization": "AWS4-HMAC-SHA256 Credential=x"})
    assert (malformed.status, malformed.json["__type"]) == (400, "IncompleteSignatureException")
    # The admin API is never signed.
    assert signed_emulator.http("GET", "/_emulator/health").status == 200


def test_a_tampered_body_fails_verification(signed_emulator):
    good = client(signed_emulator, *GOOD)
    good.create_workforce(WorkforceName="Tamper", CognitoConfig=COGNITO)

    def tamper(request, **_):
        request.body = request.body.replace(b"10.0.0.0/8", b"11.0.0.0/8")  # same length: only the signature can tell
    good.meta.events.register_last("before-send.sagemaker.UpdateWorkforce", tamper)
    code, _ = code_of(lambda: good.update_workforce(WorkforceName="Tamper", SourceIpConfig={"Cidrs": ["10.0.0.0/8"]}))
    assert code == "InvalidSignatureException"
    assert client(signed_emulator, *GOOD).describe_workforce(WorkforceName="Tamper")["Workforce"]["SourceIpConfig"] == {"Cidrs": []}


@pytest.mark.parametrize("minutes,accepted", [(-14, True), (14, True), (-16, False), (16, False)])
def test_clock_skew_of_fifteen_minutes(signed_emulator, minutes, accepted):
    skewed = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda: skewed.replace(tzinfo=None)):
        call = lambda: client(signed_emulator, *GOOD).list_workforces()  # noqa: E731
        if accepted:
            assert call()["Workforces"] == []
        else:
            code, message = code_of(call)
            assert code == "InvalidSignatureException"
            assert "Signature expired" in message or "not yet current" in message


def test_aws_cli_signs_with_right_and_wrong_keys(signed_emulator, tmp_path):
    def cli(key, secret):
        env = {**os.environ, "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": "us-east-1",
               "AWS_CONFIG_FILE": str(tmp_path / "none"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}
        return subprocess.run([sys.executable, "-m", "awscli", "sagemaker", "list-workforces", "--endpoint-url",
                               signed_emulator.url, "--output", "json"], env=env, capture_output=True, text=True, timeout=60)
    ok = cli(*GOOD)
    assert ok.returncode == 0, ok.stderr
    bad = cli(GOOD[0], "nope")
    assert bad.returncode != 0 and "InvalidSignatureException" in bad.stderr


def test_a_bad_credentials_file_stops_the_start(tmp_path):
    creds = tmp_path / "credentials"
    creds.write_text("[default]\naws_access_key_id = ONLYKEY\n")
    attempt = wfe.start_expecting_failure(["--port", "0", "--db", ":memory:", "--credentials", str(creds)], cwd=tmp_path)
    assert not attempt.started and attempt.returncode not in (0, None)
    assert "credentials" in attempt.stderr and "aws_secret_access_key" in attempt.stderr
