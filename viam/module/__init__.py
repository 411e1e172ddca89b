"""Modules: the parent side (``ModuleManager``, used by the server) and the child side
(``Module``, the runtime module authors use)."""

from viam.module.runtime import Module, config_from_proto

__all__ = ["Module", "config_from_proto"]
