"""GPIO levels, PWM, reservations and edge interrupts on gpiozero's mock pins."""

from __future__ import annotations

import time
import warnings

import pytest

from drivers.errors import PinFactoryError, PinInUse, PinInvalid, PinUnsupported
from drivers.gpio import (
    DEFAULT_PWM_FREQUENCY_HZ,
    GpioBackend,
    MockGpioBackend,
    PinFactoryFallback,
    Tick,
    open_gpio_backend,
    select_pin_factory,
)


def test_set_and_get_level(gpio):
    pin = gpio.pin("11", holder="test")
    pin.set(True)
    assert pin.get() is True
    assert gpio.function("io17") == "output"
    pin.set(False)
    assert gpio.history("io17") == [0.0, 1.0, 0.0]


def test_input_reads_driven_level(gpio):
    pin = gpio.pin("io22", holder="test")
    pin.set_pull("down")
    assert pin.get() is False
    gpio.drive("15", True)
    assert pin.get() is True
    assert pin.pull == "down"


def test_pwm_duty_and_default_frequency(gpio):
    pin = gpio.pin("12", holder="test")
    pin.set_pwm(0.3)
    assert pin.pwm_duty() == pytest.approx(0.3)
    assert gpio.frequency("12") == DEFAULT_PWM_FREQUENCY_HZ == 800
    pin.set_pwm_frequency(1000)
    assert gpio.frequency("12") == 1000
    pin.set_pwm_frequency(0)  # 0 means "the default", as in the board API
    assert pin.pwm_frequency() == 800
    pin.set(True)  # a digital write ends PWM
    assert gpio.frequency("12") is None
    assert gpio.history("12") == [0.0, 0.3, 0.0, 1.0]


def test_frequency_set_before_pwm_is_applied_at_start(gpio):
    pin = gpio.pin("32", holder="test")
    pin.set_pwm_frequency(50)
    assert gpio.frequency("32") is None
    pin.set_pwm(0.075)
    assert gpio.frequency("32") == 50


@pytest.mark.parametrize("duty", [-0.1, 1.5])
def test_pwm_duty_out_of_range(gpio, duty):
    with pytest.raises(PinInvalid, match=r"pin 12 \(GPIO18\).*0..1"):
        gpio.pin("12", holder="t").set_pwm(duty)


def test_reservation_names_the_holder(gpio):
    gpio.pin("11", holder="motor 'left'")
    with pytest.raises(PinInUse, match=r"^pin 11 \(GPIO17\) is already used by motor 'left'$"):
        gpio.pin("GPIO17", holder="motor 'right'")
    assert gpio.pin("io17", holder="motor 'left'") is gpio.pin("11", holder="motor 'left'")
    assert gpio.reserved() == {"pin 11 (GPIO17)": "motor 'left'"}


def test_close_releases_and_returns_to_input(gpio):
    pin = gpio.pin("11", holder="a")
    pin.set_pwm(0.5)
    pin.close()
    pin.close()  # idempotent
    assert gpio.function("11") == "input"
    assert gpio.holder_of("11") is None
    other = gpio.pin("11", holder="b")
    assert other.holder == "b"
    with pytest.raises(PinInvalid, match="released"):
        pin.set(True)


def test_release_all_by_holder(gpio):
    gpio.pin("11", holder="m")
    gpio.pin("13", holder="m")
    gpio.pin("15", holder="n")
    gpio.release_all("m")
    assert gpio.reserved() == {"pin 15 (GPIO22)": "n"}


def test_fixed_pull_on_i2c_pins_is_a_clear_error(gpio):
    with pytest.raises(PinUnsupported, match=r"pin 3 \(GPIO2\).*fixed pull"):
        gpio.pin("sda", holder="t").set_pull("down")


def test_edges_counted_and_ticks_delivered(gpio):
    watch = gpio.pin("11", holder="interrupt 'i'").watch("both", pull="down")
    ticks: list[Tick] = []
    watch.add_callback(ticks.append)
    gpio.pulse("11", 3)
    assert watch.count == 6
    assert [t.high for t in ticks] == [True, False] * 3
    assert all(t.gpio == 17 for t in ticks)
    assert [t.time_ns for t in ticks] == sorted(t.time_ns for t in ticks)
    watch.reset()
    assert watch.count == 0


def test_rising_edges_only(gpio):
    watch = gpio.pin("11", holder="i").watch("rising", pull="down")
    gpio.pulse("11", 4)
    assert watch.count == 4


def test_debounce_drops_bounces(gpio):
    watch = gpio.pin("11", holder="i").watch("rising", pull="down", debounce_s=0.05)
    gpio.pulse("11", 5)  # five rising edges within microseconds: one counts
    assert (watch.count, watch.ignored) == (1, 4)
    time.sleep(0.06)
    gpio.pulse("11", 1)
    assert watch.count == 2


def test_a_burst_fits_the_debounce_window_however_slowly_it_is_driven(gpio):
    """A burst's edges are stamped 1 us apart, as a GPIO chip stamps them, not when a thread drives them."""
    watch = gpio.pin("11", holder="i").watch("both", pull="down", debounce_s=0.03)
    ticks: list[Tick] = []

    def starved(tick: Tick) -> None:  # the driving thread loses the CPU for longer than the window
        ticks.append(tick)
        time.sleep(0.04)

    watch.add_callback(starved)
    gpio.pulse("11", 10)
    assert (watch.count, watch.ignored) == (1, 19)
    stamps = [s.timestamp for s in gpio.raw_pin("11").states[-20:]]  # each edge's time since the one before
    assert stamps[1:] == pytest.approx([1e-6] * 19, abs=1e-9)
    assert [t.high for t in ticks] == [True]


def test_closed_watch_stops_counting(gpio):
    pin = gpio.pin("11", holder="i")
    watch = pin.watch(pull="down")
    gpio.pulse("11", 1)
    watch.close()
    gpio.pulse("11", 1)
    assert watch.count == 2
    pin.watch()  # a new watch is allowed after closing the old one


def test_second_watch_on_a_pin_is_refused(gpio):
    pin = gpio.pin("11", holder="i")
    pin.watch()
    with pytest.raises(PinInUse, match="already watched"):
        pin.watch()


def test_bad_edge_and_debounce(gpio):
    pin = gpio.pin("11", holder="i")
    with pytest.raises(PinInvalid, match="rising, falling or both"):
        pin.watch("up")  # type: ignore[arg-type]
    with pytest.raises(PinInvalid, match=">= 0"):
        pin.watch(debounce_s=-1)


def test_callback_errors_do_not_stop_counting(gpio, caplog):
    watch = gpio.pin("11", holder="i").watch(pull="down")
    watch.add_callback(lambda tick: 1 / 0)
    gpio.pulse("11", 1)
    assert watch.count == 2
    assert "edge callback" in caplog.text


# --- factory selection -----------------------------------------------------------------------------


def test_factory_argument_wins_over_config_and_env():
    choice = select_pin_factory("mock", config="nonsense", env={"GPIOZERO_PIN_FACTORY": "nonsense"})
    assert (choice.name, choice.source) == ("mock", "argument")
    choice.factory.close()


def test_config_wins_over_env():
    choice = select_pin_factory(config="mock", env={"GPIOZERO_PIN_FACTORY": "nonsense"})
    assert choice.source == "config"
    choice.factory.close()


def test_env_selects_factory():
    choice = select_pin_factory(env={"GPIOZERO_PIN_FACTORY": "mock"})
    assert (choice.name, choice.source) == ("mock", "environment")
    choice.factory.close()


def test_unknown_factory_name():
    with pytest.raises(PinFactoryError, match=r"unknown pin factory 'bogus' \(known: lgpio, rpigpio"):
        select_pin_factory("bogus")


def test_probing_falls_back_to_mock_only_when_allowed():
    with pytest.warns(PinFactoryFallback, match="falling back to mock"):
        choice = select_pin_factory(env={}, probe_order=("bogus-a",), allow_mock_fallback=True)
    assert (choice.name, choice.source) == ("mock", "fallback")
    choice.factory.close()


def test_probing_without_a_real_factory_names_the_package_to_install():
    """No silent mock pins: by default a machine with no usable backend gets a clear error."""
    with pytest.raises(PinFactoryError, match=r"no usable GPIO pin factory: install lgpio .*GPIOZERO_PIN_FACTORY=mock"):
        select_pin_factory(env={}, probe_order=("bogus",))


def test_probe_skips_failures_and_warns():
    with pytest.warns(PinFactoryFallback, match="using pin factory 'mock' after"):
        choice = select_pin_factory(env={}, probe_order=("bogus", "mock"))
    assert choice.source == "probe"
    choice.factory.close()


def test_missing_optional_library_is_a_clear_error():
    pytest.importorskip("gpiozero")
    try:
        import lgpio  # noqa: F401
    except ImportError:
        with pytest.raises(PinFactoryError, match="pin factory 'lgpio' is not usable here"):
            select_pin_factory("lgpio")
    else:
        pytest.skip("lgpio is installed: nothing to prove about its absence")


def test_open_backend_detects_board(tmp_path):
    model = tmp_path / "model"
    model.write_bytes(b"Raspberry Pi 5 Model B Rev 1.0\x00")
    with open_gpio_backend("mock", model_path=model) as backend:
        assert isinstance(backend, MockGpioBackend)
        assert backend.board.family == "rpi5"


def test_open_backend_env_mock_without_board_file(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        backend = open_gpio_backend(env={"GPIOZERO_PIN_FACTORY": "mock"}, model_path=tmp_path / "none")
    with backend:
        assert backend.board.family == "rpi4"
        backend.pin("11", holder="t").set(True)


def test_plain_backend_on_any_factory():
    """GpioBackend is factory-agnostic: the same code runs on a factory passed in."""
    from gpiozero.pins.mock import MockFactory, MockPin

    from drivers.board import board_for_family

    with GpioBackend(MockFactory(pin_class=MockPin), board_for_family("rpi3")) as backend:
        pin = backend.pin("11", holder="t")
        pin.set(True)
        with pytest.raises(PinUnsupported, match=r"pin 11 \(GPIO17\).*MockFactory pin factory has no PWM"):
            pin.set_pwm(0.5)


def test_two_watches_are_enough_for_a_quadrature_encoder(gpio):
    """The interface an encoder model needs: edges on A and B plus the other pin's level."""
    a = gpio.pin("11", holder="encoder 'e'")
    b = gpio.pin("13", holder="encoder 'e'")
    position = 0

    def on_a(tick: Tick) -> None:
        nonlocal position
        position += 1 if tick.high != b.get() else -1

    def on_b(tick: Tick) -> None:
        nonlocal position
        position += 1 if tick.high == a.get() else -1

    a.watch(pull="up").add_callback(on_a)
    b.watch(pull="up").add_callback(on_b)
    forward = [("11", False), ("13", False), ("11", True), ("13", True)]  # A leads B
    for _ in range(3):
        for name, level in forward:
            gpio.drive(name, level)
    assert position == 12
    for name, level in reversed(forward * 2):
        gpio.drive(name, not level)
    assert position < 12


def test_mock_pin_class_from_environment(monkeypatch):
    from gpiozero.pins.mock import MockPin

    from drivers.gpio import make_pin_factory

    monkeypatch.setenv("GPIOZERO_MOCK_PIN_CLASS", "mockpin")
    factory = make_pin_factory("mock")
    assert factory.pin_class is MockPin
    factory.close()
    monkeypatch.setenv("GPIOZERO_MOCK_PIN_CLASS", "mockpwmpin")
    factory = make_pin_factory("MOCK")
    assert factory.pin(17).__class__.__name__ == "MockPWMPin"
    factory.close()
