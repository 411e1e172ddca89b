"""In-flight resource calls, listed by GetOperations and cancellable by id."""

from __future__ import annotations

import asyncio
import time
import uuid
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


class OperationTracker:
    def __init__(self) -> None:
        self.operations: dict[str, Operation] = {}

    def start(self, method: str, session_id: str = "", request: tuple[Any, bytes] | None = None,
              metadata: Any = None) -> Operation:
        op = Operation(id=str(uuid.uuid4()), method=method, started=time.time(), session_id=session_id,
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
