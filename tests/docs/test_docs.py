"""The docs run as written: every block a user is meant to run is run here, or says why it cannot be.

Rules, for each fenced block of README.md and docs/*.md:

- ``json``: parses (comments allowed); a machine config, or a component/service entry, or a
  ``"section": ...`` fragment of one, loads with the server's own loader without errors.
- ``python``: compiles; the README's quick start runs with the official SDK against a real server
  on ``examples/fake-robot.json``, and the module example in docs/modules.md runs under a server.
- ``sh``/``bash``/``console``: preceded by ``<!-- doc: run -->`` (run here in a temp dir with the
  venv's commands first on PATH, must exit 0), ``<!-- doc: run by <test> -->`` (a test below runs
  it) or ``<!-- doc: not run here: <reason> -->``.

A page that drifts from the code fails here, in CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from viam.agent import jsonc
from viam.config.loader import parse_config

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"(?:^<!-- doc: (?P<marker>[^\n]*?) -->\n)?^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```\s*$",
                   re.M | re.S)
SHELL = {"sh", "bash", "console", "shell"}
MACHINE_KEYS = {"components", "services", "modules", "remotes", "processes", "packages", "network", "auth",
                "cloud", "fragments", "jobs"}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    body: str
    marker: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def blocks() -> list[Block]:
    found = []
    for page in PAGES:
        text = page.read_text()
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start("lang")) + 1
            found.append(Block(page, line, match["lang"], match["body"], (match["marker"] or "").strip()))
    return found


ALL = blocks()


def of(*langs: str) -> list[Block]:
    return [b for b in ALL if b.lang in langs]


def ids(items: list[Block]) -> list[str]:
    return [b.where for b in items]


def as_machine_config(data: object) -> dict | None:
    """The block as a whole machine config, or None when it is something else (a manifest, a pin)."""
    if not isinstance(data, dict):
        return None
    if {"name", "api"} <= data.keys():
        section = "services" if ":service:" in str(data["api"]) else "components"
        return {section: [data]}
    if data.keys() & MACHINE_KEYS:
        return data
    return None


JSON_BLOCKS = of("json", "jsonc")


@pytest.mark.parametrize("block", JSON_BLOCKS, ids=ids(JSON_BLOCKS))
def test_json_blocks_parse_and_configs_load(block: Block) -> None:
    text = block.body.strip()
    if text.startswith('"'):  # a `"section": ...` fragment of a config
        text = "{" + text + "}"
    try:
        data = jsonc.loads(text)
    except json.JSONDecodeError as exc:
        pytest.fail(f"{block.where}: not valid JSON: {exc}")
    config = as_machine_config(data)
    if config is not None:
        loaded = parse_config(config, source=block.where)
        assert not loaded.errors, f"{block.where}: {[str(e) for e in loaded.errors]}"


PYTHON_BLOCKS = of("python")


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=ids(PYTHON_BLOCKS))
def test_python_blocks_compile(block: Block) -> None:
    compile(block.body, block.where, "exec")


SHELL_BLOCKS = of(*SHELL)


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=ids(SHELL_BLOCKS))
def test_shell_blocks_are_run_or_say_why_not(block: Block, tmp_path: Path) -> None:
    if block.marker.startswith("not run here:"):
        assert block.marker.removeprefix("not run here:").strip(), f"{block.where}: give the reason"
        return
    if block.marker.startswith("run by "):
        test = block.marker.removeprefix("run by ").strip()
        assert callable(globals().get(test)), f"{block.where}: no test named {test!r} runs this block"
        return
    assert block.marker == "run", (f"{block.where}: mark the block <!-- doc: run -->, <!-- doc: run by <test> --> "
                                   "or <!-- doc: not run here: <reason> -->")
    venv_bin = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
           "VIAM_HOME": str(tmp_path / "viam-home"), "REPO": str(REPO)}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", block.body], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{block.where} failed:\n{result.stdout}\n{result.stderr}"


def block_at(page: str, lang: str, contains: str) -> Block:
    """The one ``lang`` block of ``page`` holding ``contains`` (the test fails if the page changed shape)."""
    [found] = [b for b in ALL if b.page == REPO / page and b.lang == lang and contains in b.body]
    return found


@pytest.mark.sdk
def test_readme_quick_start(tmp_path: Path, viam_sdk_python: Path) -> None:
    """``make run``'s server on ``examples/fake-robot.json``, then the README's official-SDK script."""
    from viam.testing.process import ServerProcess

    config = json.loads((REPO / "examples" / "fake-robot.json").read_text())
    config.setdefault("network", {})["bind_address"] = "127.0.0.1:0"  # tests never take fixed ports
    config["network"].pop("web_bind_address", None)
    script = block_at("README.md", "python", "RobotClient.at_address").body
    assert '"localhost:8080"' in script
    with ServerProcess(config, tmp_path) as server:
        (tmp_path / "quick_start.py").write_text(script.replace('"localhost:8080"', repr(server.address)))
        result = subprocess.run([str(viam_sdk_python), "quick_start.py"], cwd=tmp_path, capture_output=True,
                                text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.strip().splitlines()[-1]) == pytest.approx(1.0, abs=0.05)


async def test_modules_page_example(tmp_path: Path) -> None:
    """docs/modules.md's module (main.py, run.sh, the config) runs under the server as written."""
    from viam.client import DialOptions, RobotClient
    from viam.components.sensor import Sensor
    from viam.testing.process import ServerProcess

    module_dir = tmp_path / "weather"
    module_dir.mkdir()
    (module_dir / "main.py").write_text(block_at("docs/modules.md", "python", "class Station").body)
    run_sh = module_dir / "run.sh"
    run_sh.write_text(block_at("docs/modules.md", "sh", "main.py").body)
    run_sh.chmod(0o755)
    config = jsonc.loads(block_at("docs/modules.md", "json", "acme:weather:station").body)
    config["modules"][0]["executable_path"] = str(run_sh)
    with ServerProcess(config, tmp_path) as server:
        robot = await RobotClient.at_address(server.address, DialOptions(insecure=True, refresh_interval_s=0))
        try:
            readings = await Sensor.from_robot(robot, "outside").get_readings()
        finally:
            await robot.close()
    assert readings == {"city": "Oslo", "celsius": 4.5}
