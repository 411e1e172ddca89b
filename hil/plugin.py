"""pytest plugin of the HIL suite: `--rig`, feature gating, measurements and the summary.

- `--rig FILE` loads a rig description; without it every HIL test is skipped (never failed).
- `@pytest.mark.rig("feature", ...)` declares what a test needs; missing -> skipped with the
  wiring that enables it (hil.features).
- The `measure` fixture checks a value against a tolerance, records it as a JUnit property
  (`hil:<name>`, JSON) and in the human summary printed at the end of the run, and in the JSON
  file given by `--hil-summary`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hil.features import missing
from hil.measure import Measurement
from hil.rig import Rig, load_rig

PROPERTY_PREFIX = "hil:"
_RIG_KEY = pytest.StashKey[Rig | None]()
_RESULTS_KEY = pytest.StashKey[list[dict[str, Any]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hil", "hardware-in-the-loop")
    group.addoption("--rig", default=None, help="rig description YAML (hil/rigs/*.yaml); without it HIL tests skip")
    group.addoption("--hil-summary", default=None, help="write measured values vs tolerances to this JSON file")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "rig(*features): rig features the test needs (see hil/features.py)")
    path = config.getoption("--rig")
    config.stash[_RIG_KEY] = load_rig(path) if path else None
    config.stash[_RESULTS_KEY] = []
    config.pluginmanager.register(_Collector(config.stash[_RESULTS_KEY]), "hil-collector")


def pytest_report_header(config: pytest.Config) -> str:
    rig = config.stash[_RIG_KEY]
    if rig is None:
        return "hil: no rig file (--rig): every HIL test will be skipped"
    kind = "mock rig (virtual wiring)" if rig.mock else "real rig"
    return f"hil: rig {rig.name!r} from {rig.path} ({kind}, board {rig.board_model})"


def pytest_runtest_setup(item: pytest.Item) -> None:
    rig = item.config.stash[_RIG_KEY]
    names: tuple[str, ...] = ()
    for mark in item.iter_markers("rig"):
        names += tuple(mark.args)
    reason = missing(rig, names) if (names or rig is None) else None
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def rig(pytestconfig: pytest.Config) -> Rig:
    """The loaded rig description (tests are skipped before this when there is none)."""
    loaded = pytestconfig.stash[_RIG_KEY]
    if loaded is None:
        pytest.skip("no rig file: run with --rig hil/rigs/<rig>.yaml (see docs/hil.md)")
    return loaded


@pytest.fixture
def measure(record_property: Callable[[str, object], None]) -> Callable[..., Measurement]:
    """Return `check(name, value, unit, expected, tolerance)`: record, then assert within tolerance."""

    def check(name: str, value: float, unit: str, expected: float, tolerance: float) -> Measurement:
        m = Measurement(name, float(value), unit, float(expected), float(tolerance))
        record_property(PROPERTY_PREFIX + name, json.dumps(m.to_dict()))
        assert m.ok, m.describe()
        return m

    return check


class _Collector:
    """Collects `hil:` properties from test reports (also those sent back by xdist workers)."""

    def __init__(self, results: list[dict[str, Any]]) -> None:
        self.results = results

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for key, value in report.user_properties:
            if str(key).startswith(PROPERTY_PREFIX):
                self.results.append({"test": report.nodeid, **json.loads(str(value))})


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    results = config.stash[_RESULTS_KEY]
    rig = config.stash[_RIG_KEY]
    if rig is None and not results:
        return
    terminalreporter.section("HIL summary")
    if rig is not None:
        terminalreporter.write_line(f"rig {rig.name} ({'mock' if rig.mock else 'real'}) from {rig.path}")
    for r in results:
        verdict = "ok  " if r["ok"] else "FAIL"
        terminalreporter.write_line(
            f"{verdict} {r['name']:<34} {r['value']:>12.6g} {r['unit']:<6} "
            f"expected {r['expected']:.6g} ± {r['tolerance']:.3g}   [{r['test'].split('::')[-1]}]"
        )
    path = config.getoption("--hil-summary")
    if path:
        Path(path).write_text(json.dumps({"rig": rig.name if rig else None, "measurements": results}, indent=2))
        terminalreporter.write_line(f"measurements written to {path}")


def iter_results(config: pytest.Config) -> Iterator[dict[str, Any]]:
    """The measurements recorded so far in this session (for other plugins)."""
    yield from config.stash[_RESULTS_KEY]
