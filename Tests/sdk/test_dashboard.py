"""The dashboard at GET /_emulator/ (issue 13): state seeded through boto3, read over HTTP and in a real
headless Chromium (Debian's `chromium`, installed by .ci/run)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import wfe
from wfe import COGNITO, cognito_member

HOSTILE = "<img src=x onerror=alert(1)>"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def post(emu, path, body=b"", headers=None):
    return emu.http("POST", path, body=body, headers=headers)


def seed(emu) -> dict:
    """Two namespaces: one with CIDRs, a hostile team description and tags, and a pending transition;
    another with an OIDC workforce in a VPC. Returns what a test checks for."""
    main = emu.namespace("us-east-1")
    main.client.create_workforce(WorkforceName="labelers", CognitoConfig=COGNITO,
                                 SourceIpConfig={"Cidrs": ["203.0.113.0/24", "198.51.100.0/24"]})
    post(emu, "/_emulator/transitions/complete")
    main.client.create_workteam(WorkteamName="annotators", WorkforceName="labelers", Description=HOSTILE,
                                MemberDefinitions=[cognito_member("reviewers")],
                                Tags=[{"Key": "team", "Value": "vision"}])
    main.client.update_workforce(WorkforceName="labelers", SourceIpConfig={"Cidrs": ["203.0.113.0/24"]})
    other = emu.namespace("eu-west-1")
    secret = "dashboard-secret-0c4e"
    other.client.create_workforce(WorkforceName="partners", OidcConfig=wfe.oidc_config(secret), WorkforceVpcConfig=wfe.VPC)
    post(emu, "/_emulator/faults", json.dumps({
        "operation": "UpdateWorkforce", "count": 3,  # the suite's client retries once: one is left
        "error": {"code": "ThrottlingException", "status": 400, "message": "Rate exceeded"}}).encode())
    wfe.expect_error(lambda: main.client.update_workforce(WorkforceName="labelers", SourceIpConfig={"Cidrs": []}),
                     "ThrottlingException")
    sub = main.client.describe_workforce(WorkforceName="labelers")["Workforce"]["SubDomain"]
    return {"main": main, "other": other, "secret": secret, "sub": sub}


@pytest.fixture
def emu(emulator_factory):
    # Transitions take an hour, so the dashboard shows one pending until it is completed.
    return emulator_factory(delay=3600)


def test_the_page_shows_every_namespace_escaped_and_without_secrets(emu):
    s = seed(emu)
    r = emu.http("GET", "/_emulator/")
    assert r.status == 200
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    assert "default-src 'none'" in r.header("Content-Security-Policy")
    page = r.text
    for expected in ["labelers", "Updating", "203.0.113.0/24", "vpc-0a1b2c3d", "subnet-0a1b2c3d", s["sub"], "annotators",
                     "Cognito group reviewers", "partners", "eu-west-1", s["other"].account, "https://idp.example.com",
                     "Updating → Active, due", "ThrottlingException", "Rate exceeded", "UpdateWorkforce",
                     'http-equiv="refresh"']:
        assert expected in page, expected
    assert "198.51.100.0/24" not in page  # the update replaced it
    assert HOSTILE not in page and html.escape(HOSTILE, quote=True) in page
    assert "team=vision" in page
    assert s["secret"] not in page
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)
    # the same page as HEAD, and a namespace filter
    assert emu.http("HEAD", "/_emulator/").status == 200
    only = emu.http("GET", f"/_emulator/?account={s['other'].account}").text
    assert "partners" in only and "annotators" not in only
    assert emu.http("GET", "/_emulator/?account=12").status == 400
    assert emu.http("GET", "/_emulator").status == 200


def test_a_browser_asking_for_root_is_redirected_and_api_clients_are_not(emu):
    s = seed(emu)
    r = emu.http("GET", "/", headers={"Accept": BROWSER_ACCEPT})
    assert r.status == 303 and r.header("Location") == "/_emulator/"
    # API clients keep today's answers
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        plain = emu.http("GET", "/", headers=headers)
        assert plain.status == 405 and (plain.header("Allow") or "").upper() == "POST"
    assert post(emu, "/", b"{}", {"Accept": BROWSER_ACCEPT, "X-Amz-Target": "SageMaker.ListWorkforces"}).status == 200
    # a worker-portal Host stays the portal's, whatever it accepts
    portal = emu.http("GET", "/", headers={"Host": s["sub"], "Accept": BROWSER_ACCEPT, "X-Forwarded-For": "203.0.113.5"})
    assert portal.status == 200 and "annotators" in portal.text
    denied = emu.http("GET", "/", headers={"Host": s["sub"], "Accept": BROWSER_ACCEPT, "X-Forwarded-For": "10.9.9.9"})
    assert denied.status == 404


def test_the_page_buttons_post_forms_and_land_back_on_the_page(emu):
    s = seed(emu)
    page = emu.http("GET", "/_emulator/").text
    assert 'action="/_emulator/transitions/complete"' in page and 'action="/_emulator/reset"' in page
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    done = post(emu, "/_emulator/transitions/complete", b"redirect=%2F_emulator%2F", form)
    assert done.status == 303 and done.header("Location") == "/_emulator/"
    assert s["main"].client.describe_workforce(WorkforceName="labelers")["Workforce"]["Status"] == "Active"
    scoped = post(emu, f"/_emulator/reset?account={s['other'].account}&region=eu-west-1", b"redirect=/_emulator/", form)
    assert scoped.status == 303
    assert "partners" not in emu.http("GET", "/_emulator/").text
    # JSON clients, and curl -d without the form's field, keep the JSON answers
    assert post(emu, "/_emulator/transitions/complete", b"", form).json == {"completed": 0}
    assert post(emu, "/_emulator/transitions/complete").json == {"completed": 0}
    assert post(emu, "/_emulator/transitions/complete", b"redirect=https://evil.example/", form).status == 200
    reset = post(emu, "/_emulator/reset")
    assert reset.status == 200 and reset.json["loaded"] == {"workforces": 0, "workteams": 0, "humanTaskUis": 0, "flowDefinitions": 0}


# -- a real browser -----------------------------------------------------------------------------------
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is not installed: `apt-get install chromium` (.ci/run installs it); "
                    "the dashboard test needs a real headless browser", pytrace=False)
    return path


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", "--hide-scrollbars", *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, f"chromium exited {p.returncode}\nstderr:\n{p.stderr[-3000:]}"
    return p


def test_the_dashboard_in_headless_chromium(emu, tmp_path):
    s = seed(emu)
    url = f"{emu.url}/"  # a browser's GET / lands on the dashboard
    dom = run_chromium(tmp_path, "--dump-dom", url).stdout
    assert "<title>workforce-emulator dashboard</title>" in dom, dom[:2000]
    for expected in ["labelers", 'class="status Updating"', "203.0.113.0/24", "annotators", "partners",
                     f"Account {s['other'].account} · eu-west-1", "ThrottlingException"]:
        assert expected in dom, expected
    # The injected markup is text: no element was made from it.
    assert "<img" not in dom and "onerror=alert(1)&gt;" in dom
    assert s["secret"] not in dom

    shot = tmp_path / "dashboard.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1360", url)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    out = os.environ.get("WFE_SCREENSHOT_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(out) / "dashboard.png")
