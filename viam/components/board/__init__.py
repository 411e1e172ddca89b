"""Board API."""

from viam.components.board.api import DEFAULT_PWM_FREQUENCY_HZ, AnalogValue, Board, PowerMode, Tick, TickStream
from viam.components.board.client import BoardClient

__all__ = ["DEFAULT_PWM_FREQUENCY_HZ", "AnalogValue", "Board", "BoardClient", "PowerMode", "Tick", "TickStream"]
