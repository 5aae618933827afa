#!/usr/bin/env python3
"""A boto3 client that checks a running emulator holds what its fixture files declare.

    python smoke_client.py [--endpoint URL] [--wait SECONDS] [FIXTURE_FILE_OR_FOLDER ...]

The endpoint defaults to $WORKFORCE_EMULATOR_URL, else http://emulator:4599 (the compose service);
fixtures default to /fixtures (the compose mount). It first waits until GET /_emulator/health answers
200 (what the image's HEALTHCHECK asks: migrations done, fixtures loaded), for at most --wait seconds
(default $WORKFORCE_EMULATOR_WAIT, else 60): compose's `condition: service_healthy` is not honoured
by every engine (podman-compose ignores it before Podman 4.6), so the client does not rely on it.
Then, for every declared workforce and work team it calls DescribeWorkforce / ListWorkforces /
DescribeWorkteam / ListWorkteams / ListTags in the item's namespace and compares. Read-only, so it can
run against a long-lived emulator. Exit 0 = all found, 1 = a mismatch, 2 = no fixtures or no healthy
emulator in time. Used by docker/compose.yaml, and by docker/container-check.sh from the host.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "000000000000"


def fixture_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return files


def client(endpoint: str, region: str, account: str):
    # The emulator takes the account from a 12-digit access key id; any other key means its default.
    key = account if account != DEFAULT_ACCOUNT else "SMOKETESTKEY"
    return boto3.client("sagemaker", endpoint_url=endpoint, region_name=region,
                        aws_access_key_id=key, aws_secret_access_key="not-checked",
                        config=Config(retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=5))


def wait_healthy(endpoint: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    last = "no answer yet"
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint}/_emulator/health", timeout=2) as response:
                if response.status == 200:
                    return True
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as err:   # 503 while migrating or loading fixtures
            last = f"HTTP {err.code}"
        except OSError as err:                  # not resolvable or not listening yet
            last = str(getattr(err, "reason", err))
        if time.monotonic() >= deadline:
            print(f"smoke: {endpoint} not healthy within {seconds:g} s ({last})", file=sys.stderr)
            return False
        time.sleep(0.5)


def check(endpoint: str, path: Path) -> list[str]:
    problems: list[str] = []
    data = json.loads(path.read_text("utf-8"))
    for item in data.get("workforces", []):
        region, account = item.get("Region", DEFAULT_REGION), item.get("AccountId", DEFAULT_ACCOUNT)
        sm = client(endpoint, region, account)
        name = item["WorkforceName"]
        wf = sm.describe_workforce(WorkforceName=name)["Workforce"]
        listed = [w["WorkforceName"] for w in sm.list_workforces()["Workforces"]]
        cidrs = item.get("SourceIpConfig", {}).get("Cidrs", [])
        if wf["Status"] != "Active":
            problems.append(f"{name}: Status {wf['Status']}")
        if wf["SourceIpConfig"]["Cidrs"] != cidrs:
            problems.append(f"{name}: Cidrs {wf['SourceIpConfig']['Cidrs']} != {cidrs}")
        if "WorkforceVpcConfig" in item and wf.get("WorkforceVpcConfig", {}).get("VpcId") != item["WorkforceVpcConfig"]["VpcId"]:
            problems.append(f"{name}: VPC {wf.get('WorkforceVpcConfig')}")
        if listed != [name]:
            problems.append(f"ListWorkforces in {region}/{account}: {listed}")
        print(f"  workforce {region}/{account} {name}: {wf['Status']}, cidrs={wf['SourceIpConfig']['Cidrs']}"
              f"{', vpc=' + wf['WorkforceVpcConfig']['VpcId'] if 'WorkforceVpcConfig' in wf else ''}")
    for item in data.get("workteams", []):
        region, account = item.get("Region", DEFAULT_REGION), item.get("AccountId", DEFAULT_ACCOUNT)
        sm = client(endpoint, region, account)
        name = item["WorkteamName"]
        team = sm.describe_workteam(WorkteamName=name)["Workteam"]
        tags = sm.list_tags(ResourceArn=team["WorkteamArn"])["Tags"]
        listed = [t["WorkteamName"] for t in sm.list_workteams(MaxResults=100)["Workteams"]]
        if team["MemberDefinitions"] != item["MemberDefinitions"]:
            problems.append(f"{name}: members {team['MemberDefinitions']}")
        if sorted(map(json.dumps, tags)) != sorted(map(json.dumps, item.get("Tags", []))):
            problems.append(f"{name}: tags {tags}")
        if name not in listed:
            problems.append(f"ListWorkteams in {region}/{account} lacks {name}: {listed}")
        print(f"  workteam  {region}/{account} {name}: {len(tags)} tag(s)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", default=os.environ.get("WORKFORCE_EMULATOR_URL", "http://emulator:4599"))
    parser.add_argument("--wait", type=float, default=float(os.environ.get("WORKFORCE_EMULATOR_WAIT", "60")),
                        metavar="SECONDS", help="how long to wait for /_emulator/health to answer 200")
    parser.add_argument("fixtures", nargs="*", default=["/fixtures"])
    args = parser.parse_args()
    files = fixture_files(args.fixtures)
    if not files:
        print(f"smoke: no fixture files in {args.fixtures}", file=sys.stderr)
        return 2
    if not wait_healthy(args.endpoint.rstrip("/"), args.wait):
        return 2
    problems: list[str] = []
    for path in files:
        print(f"{path.name} against {args.endpoint}")
        problems += check(args.endpoint, path)
    for p in problems:
        print(f"MISMATCH {p}", file=sys.stderr)
    print("smoke: OK" if not problems else f"smoke: {len(problems)} mismatch(es)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
