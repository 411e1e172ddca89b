"""Fake generic service (``rdk:builtin:fake``): echoes commands and counts them."""

from __future__ import annotations

from viam.components.generic.fake import EchoingFake
from viam.services.generic.api import Generic


class FakeGenericService(EchoingFake, Generic):
    """The generic service fake."""
