"""Timeouts and restart policy of the module manager, overridable by env vars or arguments.

Defaults follow the reference server. Tests pass small values so crash, stop and start-up
paths run in well under a second.

Restart policy: the first restart after a crash happens after ``restart_min_s`` (0.1 s), so a
one-off crash (OOM kill, ``kill -9``) costs well under a second of downtime; each further
consecutive failure doubles the delay up to ``restart_max_s`` (5 s, the reference server's
fixed interval), so a module that crashes at start costs at most one spawn every 5 s. The
failure count resets once a restarted module stays up for ``stable_after_s``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.removesuffix("s"))
    except ValueError:
        raise ValueError(f"environment variable {name}={raw!r} is not a number of seconds") from None
    if value < 0:
        raise ValueError(f"environment variable {name}={raw!r} must not be negative")
    return value


@dataclass(frozen=True)
class ModuleSettings:
    """All durations in seconds."""

    startup_timeout_s: float = 300.0     # socket + Ready; VIAM_MODULE_STARTUP_TIMEOUT
    first_start_wait_s: float = 30.0     # how long a config apply waits for a starting module
    ready_retry_s: float = 0.05          # between Ready calls while the module says not ready
    call_timeout_s: float = 60.0         # AddResource / ValidateConfig / Reconfigure
    remove_budget_s: float = 20.0        # all RemoveResource calls of one module together
    stop_grace_s: float = 30.0           # SIGTERM -> SIGKILL
    shutdown_timeout_s: float = 90.0     # whole server shutdown; then every module is killed
    restart_min_s: float = 0.1
    restart_max_s: float = 5.0
    stable_after_s: float = 10.0

    _ENV = {
        "startup_timeout_s": "VIAM_MODULE_STARTUP_TIMEOUT",
        "first_start_wait_s": "VIAM_MODULE_FIRST_START_WAIT",
        "ready_retry_s": "VIAM_MODULE_READY_RETRY",
        "call_timeout_s": "VIAM_MODULE_CALL_TIMEOUT",
        "remove_budget_s": "VIAM_MODULE_REMOVE_TIMEOUT",
        "stop_grace_s": "VIAM_MODULE_STOP_GRACE",
        "shutdown_timeout_s": "VIAM_MODULE_SHUTDOWN_TIMEOUT",
        "restart_min_s": "VIAM_MODULE_RESTART_MIN",
        "restart_max_s": "VIAM_MODULE_RESTART_MAX",
        "stable_after_s": "VIAM_MODULE_STABLE_AFTER",
    }

    @classmethod
    def from_env(cls, **overrides: float) -> ModuleSettings:
        """Defaults, then env vars (``VIAM_MODULE_STARTUP_TIMEOUT=2s``), then ``overrides``."""
        values = {f.name: _env_float(cls._ENV[f.name], f.default) for f in fields(cls)}  # type: ignore[arg-type]
        values.update(overrides)
        return cls(**values)

    def restart_delay_s(self, consecutive_failures: int) -> float:
        """Delay before restart number ``consecutive_failures`` (1-based)."""
        exponent = max(0, consecutive_failures - 1)
        return min(self.restart_max_s, self.restart_min_s * (2 ** min(exponent, 30)))
