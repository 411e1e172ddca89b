"""In-flight resource calls, listed by GetOperations and cancellable by id."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Operation:
    id: str
    method: str
    started: float
    session_id: str = ""
    task: asyncio.Task | None = None
    done: asyncio.Event | None = None  # made only when someone waits (WaitForOperation): most calls never are
    cancelled: bool = False  # by CancelOperation (not by the client going away)
    request: tuple[Any, bytes] | None = None  # (message class, raw bytes): decoded only when listed
    metadata: Any = None  # the call's invocation metadata: its session id is read only when listed


def new_operation_id() -> str:
    """A random (version 4) UUID in its usual text form, as ``str(uuid.uuid4())`` makes.

    Written out so that every process with a router (each module too) need not import ``uuid``,
    which loads ``platform`` with it (~250 kB).
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


class OperationTracker:
    def __init__(self) -> None:
        self.operations: dict[str, Operation] = {}

    def start(self, method: str, session_id: str = "", request: tuple[Any, bytes] | None = None,
              metadata: Any = None) -> Operation:
        op = Operation(id=new_operation_id(), method=method, started=time.time(), session_id=session_id,
                       task=asyncio.current_task(), request=request, metadata=metadata)
        self.operations[op.id] = op
        return op

    def finish(self, op: Operation) -> None:
        self.operations.pop(op.id, None)
        if op.done is not None:
            op.done.set()

    def cancel(self, op_id: str) -> bool:
        op = self.operations.get(op_id)
        if op is None or op.task is None:
            return False
        op.cancelled = True
        op.task.cancel()
        return True

    async def wait(self, op_id: str) -> None:
        op = self.operations.get(op_id)
        if op is not None:
            if op.done is None:
                op.done = asyncio.Event()
            await op.done.wait()
