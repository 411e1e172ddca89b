"""Every example machine config parses and every model in it is one this project can serve."""

import json
from pathlib import Path

import pytest

from viam.components.catalog import BUILTIN_APIS, FAKE_MODEL
from viam.config.loader import parse_config
from viam.module.builtin import BuiltinCatalog

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_config_is_servable(path):
    config = parse_config(json.loads(path.read_text()), str(path))
    served = set(BuiltinCatalog().models()) | {(spec.api, FAKE_MODEL) for spec in BUILTIN_APIS}
    unservable = [f"{r.name}: {r.api} {r.model}" for r in config.resources if (r.api, r.model) not in served]
    assert not unservable, unservable
