"""The ``viam-server`` and ``viam-agent`` commands: the ``viam`` check, then the real main."""

from __future__ import annotations

import sys

from viam_pi.check import exit_if_viam_is_not_ours


def server() -> None:
    exit_if_viam_is_not_ours("viam-server")
    from viam.cli.server import main

    main()


def agent() -> None:
    exit_if_viam_is_not_ours("viam-agent")
    from viam.agent.cli import main

    sys.exit(main())
