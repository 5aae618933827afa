"""ClientSecret is write-only (spec §4, issue 4 §5): it appears in no response, no log line at any level,
not in /_emulator/state and not in the database file, however it arrived."""

from __future__ import annotations

import json
import uuid

import wfe


def test_client_secret_appears_nowhere(emulator_factory, tmp_path):
    secrets = [f"Secret-{uuid.uuid4().hex}" for _ in range(4)]
    fixture = tmp_path / "fx.json"
    fixture.write_text(json.dumps({"workforces": [
        {"WorkforceName": "FromFixture", "OidcConfig": wfe.oidc_config(secrets[0]), "Region": "eu-west-1"}]}))
    emu = emulator_factory(delay=0, args=["--log-level", "debug", "--fixtures", str(fixture)])
    ns = emu.namespace()
    bodies = []

    def keep(response):
        bodies.append(response.body)
        return response

    keep(ns.raw("CreateWorkforce", {"WorkforceName": "Oidc", "OidcConfig": wfe.oidc_config(secrets[1])}))
    keep(ns.raw("DescribeWorkforce", {"WorkforceName": "Oidc"}))
    keep(ns.raw("UpdateWorkforce", {"WorkforceName": "Oidc", "OidcConfig": wfe.oidc_config(secrets[2])}))
    keep(ns.raw("ListWorkforces", {}))
    # Refused requests carrying a secret: too long (validation), and a wrong type elsewhere (serialization).
    long_secret = secrets[3] * 40
    refused = keep(ns.raw("UpdateWorkforce", {"WorkforceName": "Oidc", "OidcConfig": wfe.oidc_config(long_secret)}))
    assert refused.status == 400 and "*** Sensitive Data Redacted ***" in refused.text
    keep(ns.raw("UpdateWorkforce", {"WorkforceName": "Oidc", "OidcConfig": wfe.oidc_config(secrets[3]), "IpAddressType": 5}))
    state = keep(emu.http("GET", "/_emulator/state"))
    assert b"REDACTED" in state.body

    assert emu.stop() == 0
    places = {"responses": b"".join(bodies), "logs": emu.all_stderr_text().encode()}
    for suffix in ("", "-wal", "-shm"):
        path = emu.workdir / ("emulator.sqlite3" + suffix)
        if path.exists():
            places[path.name] = path.read_bytes()
    assert len(places["logs"]) > 0 and "emulator.sqlite3" in places
    for secret in secrets:
        for where, data in places.items():
            assert secret.encode() not in data, f"a ClientSecret leaked into {where}"
