"""Broken configs: each gives a message naming the file and JSON path, and the rest of the machine serves."""

import pytest

from viam.components.motor import Motor
from viam.config.loader import parse_config_bytes
from viam.errors import ConfigError

GOOD = {"name": "motor1", "api": "rdk:component:motor", "model": "rdk:builtin:fake"}


def motor(name, **extra):
    return {"name": name, "api": "rdk:component:motor", "model": "fake", **extra}


# (case id, broken entries added next to a good motor, resource to inspect, expected error text)
CASES = [
    ("wrong-type-attributes", [motor("m2", attributes=[1, 2])], "m2",
     "test-config.json: components[1].attributes: expected an object, got a list"),
    ("wrong-type-depends-on", [motor("m2", depends_on="motor1")], "m2",
     "components[1].depends_on: expected a list, got a string"),
    ("wrong-type-name", [{"name": 7, "type": "motor", "model": "fake"}], None,
     "components[1].name: expected a string, got a number"),
    ("bad-attribute-value", [motor("m2", attributes={"max_rpm": "fast"})], "m2",
     "components[1].attributes.max_rpm: max_rpm must be a number, got 'fast'"),
    ("duplicate-name", [motor("motor1")], None,
     "components[1]: duplicate name 'motor1' for rdk:component:motor (first at components[0])"),
    ("unknown-model", [motor("m2", model="acme:robots:teleporter")], "m2",
     "unknown model acme:robots:teleporter for rdk:component:motor (known: rdk:builtin:fake)"),
    ("dependency-cycle", [motor("a", depends_on=["b"]), motor("b", depends_on=["a"])], "a",
     "dependency cycle: a -> b -> a"),
    ("missing-dependency", [motor("m2", depends_on=["ghost"])], "m2",
     "missing dependency 'ghost': no resource by that name"),
    ("depends-on-broken", [motor("m2", model="acme:robots:teleporter"), motor("m3", depends_on=["m2"])], "m3",
     "dependency not ready: m2"),
]


@pytest.mark.parametrize(("entries", "broken", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_broken_entry_is_reported_and_the_rest_serves(start_machine, connect, entries, broken, expected):
    machine = await start_machine({"components": [GOOD, *entries]})
    robot = await connect(machine)
    status = await robot.get_machine_status()
    errors = {s.name.name: s.error for s in status.resources}
    if broken is None:
        logged = "\n".join(str(e) for e in machine.config.errors)
        assert expected in logged
    else:
        assert expected in errors[broken], errors
        by_name = {s.name.name: s.state for s in status.resources}
        assert by_name[broken] == 5  # UNHEALTHY
    # The good motor is unaffected.
    m = Motor.from_robot(robot, "motor1")
    await m.set_power(0.3)
    assert await m.is_powered() == (True, 0.3)
    assert status.state == 2  # RUNNING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b'{"components": [\n  {"name": "a",}\n]}', "c.json: invalid JSON at line 2 column 16"),
        (b"[]", "c.json: expected a JSON object at the top level, got a list"),
        (b'{"components": {}}', "c.json: components: expected a list, got an object"),
        (b'{"network": {"bind_address": "8080"}}',
         "c.json: network.bind_address: bind_address '8080' must be host:port"),
        (b'{"network": {"sessions": {"heartbeat_window": "1h"}}}',
         "network.sessions.heartbeat_window: heartbeat_window"),
        (b"\xff\xfe", "c.json: not UTF-8 text"),
    ],
)
def test_unloadable_files_raise_with_file_and_path(text, expected):
    with pytest.raises(ConfigError) as info:
        parse_config_bytes(text, "c.json")
    assert expected in str(info.value)


def test_unknown_keys_warn_but_load():
    config = parse_config_bytes(b'{"components": [{"name": "m", "type": "motor", "model": "fake", "colour": 1}],'
                                b' "frobnicate": true}', "c.json")
    assert [c.name for c in config.components] == ["m"]
    assert "c.json: components[0].colour: unknown key (ignored)" in config.warnings
    assert "c.json: frobnicate: unknown key (ignored)" in config.warnings


def test_reference_forms_are_accepted():
    config = parse_config_bytes(b"""{"components": [
        {"name": "a", "api": "rdk:component:motor", "model": "rdk:builtin:fake"},
        {"name": "b", "namespace": "rdk", "type": "motor", "model": "fake"},
        {"name": "c", "type": "board", "model": "viam:raspberry-pi:rpi"}],
      "services": [{"name": "s", "type": "generic", "model": "fake"}],
      "network": {"sessions": {"heartbeat_window": "500ms"}},
      "remotes": [{"name": "r", "address": "10.0.0.2:8080", "connection_check_interval": "3s"}]}""")
    assert [str(c.resource_name) for c in config.resources] == [
        "rdk:component:motor/a", "rdk:component:motor/b", "rdk:component:board/c", "rdk:service:generic/s"]
    assert str(config.components[2].model) == "viam:raspberry-pi:rpi"
    assert config.network.heartbeat_window_s == 0.5
    assert config.remotes[0].connection_check_interval_s == 3.0
    assert config.errors == []
