"""viam-agent: the always-on layer that runs, watches and updates viam-server.

Modules, one job each: ``paths`` (layout under ``--root``), ``config`` (precedence and cache),
``lock`` (single instance), ``notify`` (systemd sd_notify), ``proctree`` (process trees from
/proc), ``supervisor`` (run viam-server), ``download``/``versions``/``updater`` (verified updates
with rollback), ``cloud``/``manifest`` (where update targets come from), ``syscfg`` (OS
settings), ``agent`` (ties the subsystems together), ``cli`` (the ``viam-agent`` command).
"""
