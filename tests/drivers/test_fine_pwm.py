"""lgpio PWM keeps sub-percent duty (gpiozero's own lgpio pin rounds it to whole percent), with a
stand-in lgpio module at the library boundary (lgpio needs a Pi's gpiochip)."""

from __future__ import annotations

import sys
import types

import pytest


@pytest.fixture
def fake_lgpio(monkeypatch: pytest.MonkeyPatch):
    calls: list[tuple] = []
    module = types.ModuleType("lgpio")

    class LgpioError(Exception):
        pass

    module.error = LgpioError  # type: ignore[attr-defined]
    module.tx_pwm = lambda handle, gpio, freq, duty, *rest: calls.append((gpio, freq, duty))  # type: ignore[attr-defined]
    module.__getattr__ = lambda name: 0  # type: ignore[attr-defined]  # constants gpiozero reads at import
    monkeypatch.setitem(sys.modules, "lgpio", module)
    monkeypatch.delitem(sys.modules, "gpiozero.pins.lgpio", raising=False)
    from drivers.gpio import fine_pwm

    fine_pwm.fine_lgpio_pin_class.cache_clear()
    yield calls
    fine_pwm.fine_lgpio_pin_class.cache_clear()
    sys.modules.pop("gpiozero.pins.lgpio", None)


def test_lgpio_pwm_duty_is_not_rounded_to_whole_percent(fake_lgpio) -> None:
    from drivers.gpio.fine_pwm import fine_lgpio_pin_class

    pin_class = fine_lgpio_pin_class()
    pin = object.__new__(pin_class)
    pin._factory = types.SimpleNamespace(_handle=7)
    pin._number = 18
    pin._pwm = (50, 0)
    pin._set_state(0.0725)  # a 1450 us servo pulse at 50 Hz
    assert fake_lgpio[-1] == (18, 50, pytest.approx(7.25))
    assert pin._get_state() == pytest.approx(0.0725)  # GetPWM reads back what was set


def test_only_lgpio_factories_are_refined() -> None:
    from drivers.gpio.fine_pwm import refine_pwm

    class MockFactory:
        pin_class = "unchanged"

    factory = MockFactory()
    refine_pwm(factory)
    assert factory.pin_class == "unchanged"
