"""viam-agent: the always-on layer that runs, watches and updates viam-server.

Modules, one job each: ``paths`` (layout under ``--root``), ``config`` (precedence and cache),
``lock`` (single instance), ``notify`` (systemd sd_notify), ``supervisor`` (run viam-server),
``versions``/``updater`` (verified updates with rollback), ``cloud``/``manifest`` (where update
targets come from), ``syscfg`` (OS settings), ``agent`` (ties the subsystems together), ``cli``
(the ``viam-agent`` command). Process trees come from ``viam.proctree``, shared with the module
runner.
"""
