"""Named crash points that simulate a power cut (SIGKILL of the agent) at an exact step.

``VIAM_AGENT_FAILPOINTS=swap-before-rename,install`` makes the agent SIGKILL itself when it reaches
those steps. Used by the crash-safety tests; unset in production, where this is a dict look-up.
"""

from __future__ import annotations

import logging
import os
import signal

LOG = logging.getLogger(__name__)


def hit(name: str) -> None:
    armed = os.environ.get("VIAM_AGENT_FAILPOINTS", "")
    if armed and name in armed.split(","):
        LOG.warning("failpoint %s: killing the agent (simulated power cut)", name)
        os.kill(os.getpid(), signal.SIGKILL)
