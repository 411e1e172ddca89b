"""Config ``jobs``: call a resource's method on a schedule, as the reference's job manager does.

Each job names a resource (by its short name), a method of that resource's API (``DoCommand``
with ``command`` as its argument, or any unary method whose request takes the resource's name,
such as ``GetReadings`` or ``IsMoving``) and a schedule (viam.config.schedule). Calls go through
the modules' parent socket like any caller's, so a job reaches built-in, modular and remote
resources alike and passes the same routing, but no API-key check (the reference dials the same
socket). Outcomes are logged per job ("Job triggered"/"Job succeeded" at debug, "Job failed" at
warning) and its last ten successes and failures are in GetMachineStatus.

Overlap, as the reference's: a cron job whose previous run is still going skips that tick; a
duration job's tick waits and runs when the previous run ends. A continuous job runs back to back
(after a failure it pauses ``CONTINUOUS_RETRY_S`` rather than spin).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format, message_factory
from google.protobuf.descriptor import MethodDescriptor

from viam.config.model import JobConfig
from viam.config.schedule import Schedule, parse_schedule
from viam.gen.robot.v1 import robot_pb2
from viam.resource.names import ResourceName
from viam.robot.status import timestamp
from viam.rpc.router import ResourceRouter
from viam.utils import shorten

LOG = logging.getLogger(__name__)
HISTORY_LENGTH = 10
CONTINUOUS_RETRY_S = 1.0
CALL_TIMEOUT_S = 60.0
# The input controller's requests name their resource "controller", every other API's "name".
NAME_FIELD_OVERRIDES = {"viam.component.inputcontroller.v1.InputControllerService": "controller"}


class JobHistory:
    def __init__(self) -> None:
        self.successes: collections.deque[float] = collections.deque(maxlen=HISTORY_LENGTH)
        self.failures: collections.deque[float] = collections.deque(maxlen=HISTORY_LENGTH)

    def status(self, name: str) -> robot_pb2.JobStatus:
        return robot_pb2.JobStatus(job_name=name, recent_successful_runs=[timestamp(t) for t in self.successes],
                                   recent_failed_runs=[timestamp(t) for t in self.failures])


class JobManager:
    """Schedules the config's jobs; ``apply`` diffs by name, ``close`` cancels them all."""

    def __init__(self, router: ResourceRouter, names: Callable[[], list[ResourceName]],
                 socket: Callable[[], Path | None]) -> None:
        self.router = router
        self._names = names
        self._socket = socket
        self._channel: grpc.aio.Channel | None = None
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._configs: dict[str, dict[str, Any]] = {}
        self.histories: dict[str, JobHistory] = {}
        self.closed = False

    def apply(self, jobs: list[JobConfig]) -> None:
        if self.closed:  # the machine is shutting down: a late config schedules nothing
            return
        wanted = {job.name: job for job in jobs}
        for name in list(self._tasks):
            if name not in wanted:
                LOG.info("Removing job", extra={"job": name})
                self._stop(name)
        for name, job in wanted.items():
            if name in self._tasks:
                if self._configs[name] == job.raw:
                    continue
                LOG.info("Job modified", extra={"job": name})
                self._stop(name)
            else:
                LOG.info("Job created", extra={"job": name})
            self.histories.setdefault(name, JobHistory())
            self._configs[name] = job.raw
            self._tasks[name] = asyncio.get_running_loop().create_task(self._run(job), name=f"job {name}")

    def _stop(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        self._configs.pop(name, None)
        if task is not None:
            task.cancel()

    async def close(self) -> None:
        self.closed = True
        tasks = list(self._tasks.values())
        for name in list(self._tasks):
            self._stop(name)
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    def add_status(self, response: robot_pb2.GetMachineStatusResponse) -> None:
        response.job_statuses.extend(h.status(name) for name, h in self.histories.items())

    # -- running -------------------------------------------------------------------------------
    async def _run(self, job: JobConfig) -> None:
        schedule = parse_schedule(job.schedule)  # checked when the config was read
        logger = LOG.getChild(job.name)
        if job.log_level:
            level = {"WARN": "WARNING"}.get(job.log_level.upper(), job.log_level.upper())
            if isinstance(logging.getLevelName(level), int):
                logger.setLevel(level)
            else:
                LOG.warning("unknown log level (ignored)", extra={"job": job.name, "level": job.log_level})
        if schedule.continuous:
            while True:
                if not await self._once(job, logger):
                    await asyncio.sleep(CONTINUOUS_RETRY_S)
        elif schedule.cron is not None:
            await self._run_cron(job, schedule, logger)
        else:
            await self._run_every(job, schedule, logger)

    async def _run_cron(self, job: JobConfig, schedule: Schedule, logger: logging.Logger) -> None:
        assert schedule.cron is not None
        running: asyncio.Future[bool] | None = None
        due = datetime.min
        try:
            while True:  # from the later of now and the last tick: a timer firing early never repeats it
                due = schedule.cron.next_after(max(datetime.now(), due))
                await asyncio.sleep(max(0.0, (due - datetime.now()).total_seconds()))
                if running is not None and not running.done():
                    continue  # still running: this tick is skipped
                running = asyncio.ensure_future(self._once(job, logger))
        finally:
            if running is not None:
                running.cancel()

    async def _run_every(self, job: JobConfig, schedule: Schedule, logger: logging.Logger) -> None:
        assert schedule.every_s is not None
        start = time.monotonic()
        ticks = 0
        while True:
            ticks += 1
            await asyncio.sleep(max(0.0, start + ticks * schedule.every_s - time.monotonic()))
            await self._once(job, logger)  # a tick that came due meanwhile runs right after
            missed = int((time.monotonic() - start) // schedule.every_s) - ticks
            ticks += max(0, missed - 1)  # at most one waiting run, as a singleton job's queue

    async def _once(self, job: JobConfig, logger: logging.Logger) -> bool:
        history = self.histories.setdefault(job.name, JobHistory())
        try:
            logger.debug("Job triggered", extra={"job": job.name})
            response = await self._call(job)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a job's failure is logged and counted, never raised
            history.failures.append(time.time())
            logger.warning("Job failed", extra={"job": job.name, "error": shorten(_error_text(exc), 300)})
            return False
        history.successes.append(time.time())
        logger.debug("Job succeeded", extra={"job": job.name, "response": shorten(str(response), 300)})
        return True

    async def _call(self, job: JobConfig) -> dict[str, Any]:
        names = self._names()
        matches = ([n for n in names if n.name == job.resource]
                   or [n for n in names if n.short_name == job.resource])  # a remote's, by its own name
        if not matches:
            raise LookupError(f"resource {job.resource!r} not found")
        if len(matches) > 1:
            raise LookupError(f"resource name {job.resource!r} is ambiguous: {', '.join(map(str, matches))}")
        service, method = self._method(matches[0], job.method)
        request_class = message_factory.GetMessageClass(method.input_type)
        response_class = message_factory.GetMessageClass(method.output_type)
        arguments: dict[str, Any] = {NAME_FIELD_OVERRIDES.get(service, "name"): matches[0].name}
        if job.method == "DoCommand":
            arguments["command"] = job.command
        request = json_format.ParseDict(arguments, request_class(), ignore_unknown_fields=True)
        call = self._open().unary_unary(f"/{service}/{method.name}", request_serializer=request_class.SerializeToString,
                                        response_deserializer=response_class.FromString)
        response = await call(request, timeout=CALL_TIMEOUT_S)
        return json_format.MessageToDict(response, preserving_proto_field_name=True)

    def _method(self, name: ResourceName, method_name: str) -> tuple[str, MethodDescriptor]:
        for service in self.router.service_names():
            if self.router.api_for_service(service) != name.api:
                continue
            descriptor = self.router.service_descriptor(service)
            method = descriptor.methods_by_name.get(method_name) if descriptor is not None else None
            if method is None:
                continue
            if method.client_streaming or method.server_streaming:
                raise ValueError(f"{service}/{method_name} is a streaming method; a job calls unary methods")
            return service, method
        raise LookupError(f"the API of {name} has no method {method_name!r}")

    def _open(self) -> grpc.aio.Channel:
        if self._channel is None:
            socket = self._socket()
            if socket is None:
                raise RuntimeError("the machine is not serving yet")
            self._channel = grpc.aio.insecure_channel(f"unix:{socket}")
        return self._channel


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, grpc.aio.AioRpcError):
        return f"{exc.code().name}: {exc.details()}"
    return str(exc) or type(exc).__name__
