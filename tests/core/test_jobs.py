"""Config ``jobs`` (the reference's job manager): schedules, calls through the parent socket, status."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime

import pytest

from viam.config.loader import parse_config
from viam.config.schedule import ScheduleError, parse_go_duration, parse_schedule
from viam.resource.names import API, ResourceName

SENSOR = {"name": "s1", "api": "rdk:component:sensor", "model": "fake", "attributes": {"counter_key": "seq"}}
MOTOR = {"name": "m1", "api": "rdk:component:motor", "model": "fake"}
KEYED = {"handlers": [{"type": "api-key", "config": {"k1": "secret-value", "keys": ["k1"]}}]}


@pytest.mark.parametrize(("text", "seconds"), [
    ("5s", 5.0), ("250ms", 0.25), ("1m30s", 90.0), ("1.5h", 5400.0), ("2h45m10s", 9910.0), ("0", 0.0),
    ("5", None), ("5 s", None), ("soon", None), ("", None)])
def test_go_durations(text, seconds):
    assert parse_go_duration(text) == seconds


@pytest.mark.parametrize(("expression", "after", "expected"), [
    ("*/4 * * * * *", "2026-01-01 00:00:01", "2026-01-01 00:00:04"),  # six fields: seconds first
    ("*/15 * * * *", "2026-01-01 10:07:30", "2026-01-01 10:15:00"),  # five fields: at second 0
    ("0 9 * * MON-FRI", "2026-12-05 10:00:00", "2026-12-07 09:00:00"),  # a Saturday -> Monday
    ("30 8 1,15 * *", "2026-02-15 09:00:00", "2026-03-01 08:30:00"),
    ("0 0 13 * 5", "2026-01-01 00:00:00", "2026-01-02 00:00:00"),  # day 13 OR a Friday (cron's rule)
    ("0 12 * JUN *", "2026-07-01 00:00:00", "2027-06-01 12:00:00"),
    ("@hourly", "2026-01-01 10:59:59", "2026-01-01 11:00:00"),
    ("0 0 29 2 *", "2026-03-01 00:00:00", "2028-02-29 00:00:00"),
])
def test_cron_next_times(expression, after, expected):
    schedule = parse_schedule(expression)
    assert schedule.cron is not None
    assert schedule.cron.next_after(datetime.fromisoformat(after)) == datetime.fromisoformat(expected)


@pytest.mark.parametrize("text", ["bogus", "0s", "-5s", "* * * *", "61 * * * * *", "0 0 30 2 *", "*/0 * * * *",
                                  "@every never"])
def test_bad_schedules_are_refused(text):
    with pytest.raises(ScheduleError):
        parse_schedule(text)


def test_job_entries_name_their_path():
    config = parse_config({"jobs": [
        {"name": "ok", "schedule": "5s", "resource": "m1", "method": "IsMoving"},
        {"name": "no-method", "schedule": "5s", "resource": "m1"},
        {"name": "bad", "schedule": "every day", "resource": "m1", "method": "IsMoving"},
        {"name": "ok", "schedule": "continuous", "resource": "m1", "method": "IsMoving"}]}, "c.json")
    assert [j.name for j in config.jobs] == ["ok"]
    assert [str(e) for e in config.errors] == [
        "c.json: jobs[1]: missing required field 'method'",
        'c.json: jobs[2].schedule: expected a duration such as "5s", "continuous" or a cron expression with 5 or 6 '
        "fields, got 'every day'",
        "c.json: jobs[3]: duplicate job name 'ok'"]


async def _wait(predicate, timeout_s: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


def _runs(machine, name: str) -> tuple[int, int]:
    for status in machine.status().job_statuses:
        if status.job_name == name:
            return len(status.recent_successful_runs), len(status.recent_failed_runs)
    return (0, 0)


async def test_jobs_call_resources_on_schedule_with_auth_on(start_machine, caplog):
    caplog.set_level(logging.DEBUG, logger="viam.robot.jobs")
    machine = await start_machine({"components": [SENSOR, MOTOR], "auth": KEYED, "jobs": [
        {"name": "read", "schedule": "100ms", "resource": "s1", "method": "GetReadings"},
        {"name": "power", "schedule": "* * * * * *", "resource": "m1", "method": "DoCommand",
         "command": {"ping": 1}},
        {"name": "ghost", "schedule": "100ms", "resource": "nobody", "method": "GetReadings"},
        {"name": "wrong", "schedule": "100ms", "resource": "m1", "method": "GetReadings"}]})
    sensor = machine.resource(ResourceName(API.parse("rdk:component:sensor"), "s1"))
    await _wait(lambda: sensor.reads >= 3, what="three scheduled GetReadings")
    await _wait(lambda: _runs(machine, "power")[0] >= 1, timeout_s=3, what="the every-second DoCommand")
    await _wait(lambda: _runs(machine, "ghost")[1] >= 2 and _runs(machine, "wrong")[1] >= 1, what="failures")
    assert _runs(machine, "read")[1] == 0 and _runs(machine, "ghost")[0] == 0
    messages = [(r.levelname, r.getMessage(), getattr(r, "error", "")) for r in caplog.records]
    assert ("WARNING", "Job failed", "resource 'nobody' not found") in messages
    assert ("WARNING", "Job failed", "the API of rdk:component:motor/m1 has no method 'GetReadings'") in messages
    succeeded = [r for r in caplog.records if r.getMessage() == "Job succeeded" and r.job == "power"]
    assert succeeded and "'ping': 1" in succeeded[0].response  # DoCommand's answer (the fake echoes)

    # Removing a job stops it; its history stays in the status, as the reference's does.
    machine_config = parse_config({"components": [SENSOR, MOTOR], "auth": KEYED,
                                   "network": {"bind_address": "127.0.0.1:0"}}, "c.json")
    await machine.apply_config(machine_config)
    reads = sensor.reads
    await asyncio.sleep(0.4)
    assert sensor.reads == reads, "a removed job kept running"
    assert _runs(machine, "read")[0] >= 3


async def test_a_slow_cron_job_skips_ticks_and_a_duration_job_queues_one(start_machine, monkeypatch):
    from viam.components.motor import fake

    calls: dict[str, list[float]] = {"m1": [], "m2": []}

    async def slow_is_moving(self, **kwargs):
        calls[self.name].append(time.monotonic())
        await asyncio.sleep(1.2)
        return False

    monkeypatch.setattr(fake.FakeMotor, "is_moving", slow_is_moving)
    motor2 = {**MOTOR, "name": "m2"}
    await start_machine({"components": [MOTOR, motor2], "jobs": [
        {"name": "cron", "schedule": "* * * * * *", "resource": "m1", "method": "IsMoving"},
        {"name": "every", "schedule": "1s", "resource": "m2", "method": "IsMoving"}]})
    await _wait(lambda: len(calls["m1"]) >= 2 and len(calls["m2"]) >= 3, timeout_s=15, what="repeated runs")
    cron, every = calls["m1"], calls["m2"]
    # Every second, each run 1.2 s: the tick during a run is skipped, so runs start ~2 s apart
    # (1.2 s apart if ticks queued).
    assert all(later - earlier > 1.6 for earlier, later in zip(cron, cron[1:], strict=False)), cron
    # Every second, each run 1.2 s: the tick during a run waits and runs as the previous one ends,
    # ~1.2 s apart (~2 s if it waited for the next tick instead).
    assert all(later - earlier < 1.6 for earlier, later in zip(every[:3], every[1:3], strict=False)), every


def test_config_durations_take_go_duration_strings():
    from viam.config.loader import parse_duration_s
    from viam.errors import ConfigError

    values = ("1m30s", "500ms", "2h", "1.5s", 3, 0.25)
    assert [parse_duration_s(v, "x") for v in values] == [90, 0.5, 7200, 1.5, 3, 0.25]
    for bad in ("-1s", "soon", "5", True):
        with pytest.raises(ConfigError):
            parse_duration_s(bad, "network.sessions.heartbeat_window")
    config = parse_config({"network": {"sessions": {"heartbeat_window": "1.5s"}}}, "c.json")
    assert config.network.heartbeat_window_s == 1.5
    module = parse_config({"modules": [{"name": "m", "executable_path": "/bin/true", "first_run_timeout": "1h30m"}]},
                          "c.json").modules[0]
    assert module.first_run_timeout_s == 5400


async def test_shutdown_cancels_jobs_before_actuators_stop_and_schedules_no_more(start_machine, caplog):
    caplog.set_level(logging.INFO, logger="viam.robot.machine")
    caplog.set_level(logging.DEBUG, logger="viam.robot.jobs")  # last: it sets the capture handler's level too
    machine = await start_machine({"components": [SENSOR], "jobs": [
        {"name": "read", "schedule": "continuous", "resource": "s1", "method": "GetReadings"}]})
    sensor = machine.resource(ResourceName(API.parse("rdk:component:sensor"), "s1"))
    await _wait(lambda: sensor.reads >= 5, what="a continuous job's calls")
    await machine.close()
    reads = sensor.reads
    machine.jobs.apply(parse_config({"jobs": [
        {"name": "late", "schedule": "continuous", "resource": "s1", "method": "GetReadings"}]}, "c.json").jobs)
    await asyncio.sleep(0.3)
    assert sensor.reads == reads and not machine.jobs._tasks
    closing = [r.getMessage() for r in caplog.records]
    assert closing.index("actuators stopped") > max(i for i, m in enumerate(closing) if m == "Job succeeded")
