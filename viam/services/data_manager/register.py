"""Registers the ``builtin`` data manager model, which needs the machine it runs in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from viam.resource.registry import Registry

if TYPE_CHECKING:
    from viam.services.data_manager.builtin import CaptureHost


def register_data_manager(registry: Registry, machine: CaptureHost) -> None:
    from viam.resource.names import API, Model

    class _Lazy:
        """Imports the builtin model on first use (start-up stays cheap for machines without one)."""

        def _model(self):  # type: ignore[no-untyped-def]
            from viam.services.data_manager.builtin import BuiltinDataManagerModel
            return BuiltinDataManagerModel(machine)

        def validate_config(self, config):  # type: ignore[no-untyped-def]
            return self._model().validate_config(config)

        async def new(self, config, dependencies):  # type: ignore[no-untyped-def]
            return await self._model().new(config, dependencies)

    registry.register_model(API.service("data_manager"), Model("rdk", "builtin", "builtin"), _Lazy())
