"""Client sessions and the safety heartbeat.

A client starts a session, then beats at a fraction of ``heartbeat_window``. Calls to methods
marked ``safety_heartbeat_monitored`` carry the session id (``viam-sid`` metadata) and make that
session the resource's last commander. When a session misses its window, every resource it last
commanded is stopped.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import grpc

from viam.resource.names import ResourceName

LOG = logging.getLogger(__name__)
SESSION_METADATA_KEY = "viam-sid"
SESSION_EXPIRED = "SESSION_EXPIRED"

StopCallback = Callable[[ResourceName], Awaitable[None]]


@dataclass
class Session:
    id: str
    window_s: float
    deadline: float
    peer: str = ""
    entity: str = ""  # the authenticated entity that started it ("" without auth)
    resources: set[ResourceName] = field(default_factory=set)


class SessionExpiredError(Exception):
    pass


class SessionManager:
    def __init__(self, heartbeat_window_s: float = 2.0, stop_resource: StopCallback | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.heartbeat_window_s = heartbeat_window_s
        self.stop_resource = stop_resource
        # Deadlines are read off this clock (seconds); tests drive it by hand instead of racing it.
        self.clock = clock
        self.sessions: dict[str, Session] = {}
        self._last_commander: dict[ResourceName, str] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._expire_loop(), name="session-expiry")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def start_session(self, resume: str = "", peer: str = "", entity: str = "") -> Session:
        """Start a session, or resume ``resume`` if it is still alive (and belongs to ``entity``)."""
        if resume:
            self.heartbeat(resume, entity)
            return self.sessions[resume]
        session = Session(
            id=str(uuid.uuid4()), window_s=self.heartbeat_window_s,
            deadline=self.clock() + self.heartbeat_window_s, peer=peer, entity=entity,
        )
        self.sessions[session.id] = session
        LOG.debug("session started", extra={"session": session.id, "peer": peer})
        return session

    def heartbeat(self, session_id: str, entity: str = "") -> None:
        """Keep a session alive. Another authenticated entity cannot keep someone else's alive."""
        session = self.sessions.get(session_id)
        if session is None or (session.entity and entity != session.entity):
            raise SessionExpiredError(SESSION_EXPIRED)
        session.deadline = self.clock() + session.window_s

    # -- router.CallObserver ------------------------------------------------------------------------
    def on_monitored_call(self, context: grpc.aio.ServicerContext, name: ResourceName) -> None:
        session_id = ""
        for key, value in context.invocation_metadata() or ():
            if key == SESSION_METADATA_KEY:
                session_id = value
                break
        session = self.sessions.get(session_id) if session_id else None
        if session is None:
            # A command outside any (live) session takes the resource over: no session stops it.
            self._last_commander.pop(name, None)
            return
        session.resources.add(name)
        self._last_commander[name] = session_id

    # -- expiry -----------------------------------------------------------------------------------
    async def _expire_loop(self) -> None:
        while True:
            now = self.clock()
            next_deadline = now + self.heartbeat_window_s
            for session in list(self.sessions.values()):
                if session.deadline <= now:
                    await self._expire(session)
                else:
                    next_deadline = min(next_deadline, session.deadline)
            await asyncio.sleep(max(0.005, next_deadline - self.clock()))

    async def _expire(self, session: Session) -> None:
        self.sessions.pop(session.id, None)
        owned = [n for n in session.resources if self._last_commander.get(n) == session.id]
        # Every client script ends this way; it is news only when it leaves something to stop.
        LOG.log(logging.INFO if owned else logging.DEBUG, "session expired",
                extra={"session": session.id, "stopping": ",".join(map(str, owned))})
        for name in owned:
            self._last_commander.pop(name, None)
            if self.stop_resource is not None:
                try:
                    await self.stop_resource(name)
                except Exception as exc:  # noqa: BLE001 - stop the others regardless
                    LOG.error("could not stop %s after its session expired: %s", name, exc)
