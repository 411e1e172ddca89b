"""Errors the hardware models raise themselves (driver errors come from ``drivers.errors``).

All carry a gRPC status code (``viam.errors.ViamError``), so a client sees e.g. ABORTED
"motor 'left': the encoder saw no motion for 3 s ..." rather than INTERNAL.
"""

from __future__ import annotations

import grpc

from viam.errors import NotSupportedError, ViamError


class HardwareModelError(ViamError):
    """Root of the built-in hardware models' own errors."""


class BoardNotLocal(HardwareModelError, NotSupportedError):
    """A model needs its board in the same module process (edge counting) and it is elsewhere."""


class MotorStalled(HardwareModelError, RuntimeError):
    """A closed-loop move saw no encoder motion while powered."""

    grpc_code = grpc.StatusCode.ABORTED


class MotorRunaway(MotorStalled):
    """A closed-loop move saw the encoder count against the powered direction (wiring or dir_flip)."""
