"""The HIL suite against the mock rig, so CI exercises the HIL code; and without a rig, all skipped.

The suite runs in a child pytest (its own `--rig` option, conftest and mock pin factories), with
JUnit XML and the measurement summary written to tmp_path and checked here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MOCK_RIG = REPO / "hil" / "rigs" / "mock.yaml"

pytest.importorskip("yaml", reason="the HIL rig files need PyYAML (pip install pyyaml)")


def run_hil(tmp_path: Path, *args: str, timeout_s: float = 110) -> tuple[subprocess.CompletedProcess[str], ET.Element]:
    junit = tmp_path / "hil-junit.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "hil", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-o", "addopts=--import-mode=importlib", "--junitxml", str(junit), *args],
        cwd=REPO, capture_output=True, text=True, timeout=timeout_s,
    )  # fmt: skip
    assert junit.exists(), f"no JUnit XML written:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    return proc, ET.parse(junit).getroot()


def _cases(root: ET.Element) -> dict[str, str]:
    """testcase name -> outcome (passed, failed, skipped)."""
    out = {}
    for case in root.iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
        out[f"{case.get('classname')}::{case.get('name')}"] = outcome
    return out


def test_whole_suite_passes_on_the_mock_rig(tmp_path: Path):
    summary = tmp_path / "summary.json"
    proc, root = run_hil(tmp_path, "--rig", str(MOCK_RIG), "--hil-summary", str(summary))
    cases = _cases(root)
    failed = [name for name, outcome in cases.items() if outcome == "failed"]
    assert proc.returncode == 0 and not failed, f"failed: {failed}\n{proc.stdout[-6000:]}"
    # The mock rig declares every bench feature but real hardware, power and appliance parts.
    ran = [name for name, outcome in cases.items() if outcome == "passed"]
    for area in ("test_gpio", "test_pwm", "test_buses", "test_serial", "test_camera", "test_stack"):
        assert any(area in name for name in ran), f"no {area} test ran on the mock rig: {cases}"
    assert "HIL summary" in proc.stdout
    data = json.loads(summary.read_text())
    names = {m["name"] for m in data["measurements"]}
    assert {"pwm frequency 1000 Hz", "interrupt edges (rising)", "serial bytes lost", "adc ch0 divider",
            "server pwm duty", "motor GoFor +1 rev", "servo pulse at 90°"} <= names
    assert all(m["ok"] for m in data["measurements"])
    # Measurements travel in the JUnit XML too, as properties.
    props = [p.get("name") for p in root.iter("property")]
    assert "hil:pwm frequency 1000 Hz" in props


def test_without_a_rig_everything_is_skipped_never_failed(tmp_path: Path):
    proc, root = run_hil(tmp_path)
    cases = _cases(root)
    assert cases and set(cases.values()) == {"skipped"}, cases
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "no rig file" in proc.stdout or "no rig file" in ET.tostring(root, encoding="unicode")


def test_rig_files_load_and_the_diagram_names_every_connection(tmp_path: Path):
    sys.path.insert(0, str(REPO)) if str(REPO) not in sys.path else None
    from hil.diagram import main
    from hil.rig import load_rig

    bench = load_rig(REPO / "hil" / "rigs" / "pi4-bench.yaml")
    assert not bench.mock and bench.motor is not None and bench.serial_loopback.bytes == 1 << 20
    out = tmp_path / "rig.svg"
    assert main([str(REPO / "hil" / "rigs" / "pi4-bench.yaml"), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for needle in ("loopback 1 [pins 11, 13]", "PWM -> interrupt [pins 12, 18]", "BME280 @ 0x76", "serial TX->RX"):
        assert needle in text, needle


def test_bad_rig_file_names_the_key(tmp_path: Path):
    sys.path.insert(0, str(REPO)) if str(REPO) not in sys.path else None
    from hil.errors import RigFileError
    from hil.rig import load_rig

    bad = tmp_path / "bad.yaml"
    bad.write_text("board: {model: viam:raspberry-pi:rpi4}\nmotor: {pins: {a: '29', b: '31'}, max_rpm: 100, "
                   "encoder: {pins: {a: '35', b: '37'}}}\n")
    with pytest.raises(RigFileError, match=r"bad.yaml: motor.encoder.ticks_per_rotation: is required"):
        load_rig(bad)
