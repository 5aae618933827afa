"""Fixtures: emulator processes, fresh namespaces (boto3 + raw awsJson + AWS CLI), failure reports."""

from __future__ import annotations

import pytest

import wfe


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The shared emulator, transition delay 0. Each test takes its own namespace on it."""
    with wfe.running_emulator(tmp_path_factory.mktemp("session-emulator"), delay=0, name="session") as emu:
        yield emu


@pytest.fixture
def make_ns(server):
    """make_ns(region=..., account=..., access_key=..., emulator=...) -> a fresh wfe.Namespace."""
    def make(region: str = "us-east-1", account: str | None = None, access_key: str | None = None,
             emulator: wfe.Emulator | None = None) -> wfe.Namespace:
        return wfe.Namespace(emulator or server, region=region, account=account, access_key=access_key)
    return make


@pytest.fixture
def ns(make_ns) -> wfe.Namespace:
    """A fresh namespace (random 12-digit account, us-east-1) on the shared emulator."""
    return make_ns()


@pytest.fixture
def emulator_factory(tmp_path):
    """emulator_factory(delay=..., db=..., args=[...], env={...}, start=True) -> a started wfe.Emulator.
    Everything it started is stopped at teardown."""
    made: list[wfe.Emulator] = []

    def make(*, start: bool = True, name: str | None = None, workdir=None, **kwargs) -> wfe.Emulator:
        name = name or f"emu{len(made) + 1}"
        emu = wfe.Emulator(workdir or (tmp_path / name), name=name, **kwargs)
        made.append(emu)
        if start:
            try:
                emu.start()
            except wfe.EmulatorStartError as err:
                pytest.fail(str(err), pytrace=False)
        return emu

    yield make
    for emu in made:
        if emu.running:
            emu.kill()


def _wf(ns: wfe.Namespace, name: str | None = None, **kwargs) -> str:
    name = name or wfe.uniq("wf")
    if "CognitoConfig" not in kwargs and "OidcConfig" not in kwargs:
        kwargs["CognitoConfig"] = wfe.COGNITO
    ns.client.create_workforce(WorkforceName=name, **kwargs)
    return name


@pytest.fixture
def cognito_wf(ns) -> str:
    """Name of an Active Cognito workforce in `ns`."""
    return _wf(ns)


@pytest.fixture
def oidc_wf(ns) -> tuple[str, dict]:
    """(name, OidcConfig sent) of an Active OIDC workforce in `ns`."""
    cfg = wfe.oidc_config(Scope="openid email", AuthenticationRequestExtraParams={"prompt": "login"})
    return _wf(ns, OidcConfig=cfg), cfg


@pytest.fixture
def create_wf():
    """create_wf(ns, name=None, **CreateWorkforce members) -> name (Cognito by default)."""
    return _wf


# -- failure reports: attach the tail of every relevant emulator's stderr ------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    item._wfe_first = len(wfe.STARTED)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    first = getattr(item, "_wfe_first", 0)
    relevant = [e for e in wfe.STARTED if e.name == "session"] + wfe.STARTED[first:]
    seen = set()
    for emu in relevant:
        if id(emu) in seen:
            continue
        seen.add(id(emu))
        tail = "".join(emu.stderr_text().splitlines(keepends=True)[-40:])
        rep.sections.append((f"emulator {emu.name} stderr (last 40 lines)", tail or "<empty>"))
