"""Board detection from the device tree and pin naming on the reference header."""

from __future__ import annotations

import pytest

from drivers.board import KNOWN_FAMILIES, board_for_family, board_for_model, detect_board
from drivers.errors import BoardNotDetected, PinInvalid
from drivers.gpio import resolve_pin


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("Raspberry Pi 5 Model B Rev 1.0", "rpi5"),
        ("Raspberry Pi 4 Model B Rev 1.4", "rpi4"),
        ("Raspberry Pi 400 Rev 1.0", "rpi4"),
        ("Raspberry Pi Compute Module 4 Rev 1.0", "rpi4"),
        ("Raspberry Pi 3 Model B Plus Rev 1.3", "rpi3"),
        ("Raspberry Pi Zero 2 W Rev 1.0", "rpi0_2"),
        ("Raspberry Pi Zero W Rev 1.1", "rpi0"),
        ("Raspberry Pi 2 Model B Rev 1.1", "rpi2"),
    ],
)
def test_detect_board_from_device_tree(tmp_path, model, family):
    path = tmp_path / "model"
    path.write_bytes(model.encode() + b"\x00")  # the kernel NUL-terminates it
    board = detect_board(path)
    assert board.family == family
    assert board.model == model


def test_missing_model_file_names_the_path(tmp_path):
    with pytest.raises(BoardNotDetected, match=str(tmp_path / "nope")):
        detect_board(tmp_path / "nope")


def test_unknown_model_lists_supported():
    with pytest.raises(BoardNotDetected, match="unsupported board model 'Banana Pi M5'.*rpi4"):
        board_for_model("Banana Pi M5")


def test_every_family_has_the_40_pin_header():
    for family in KNOWN_FAMILIES:
        board = board_for_family(family)
        assert len(board.header) == 40
        assert len(board.gpio_pins()) == 28


@pytest.mark.parametrize(
    ("name", "gpio", "header"),
    [
        ("11", 17, 11),
        (11, 17, 11),
        ("io17", 17, 11),
        ("GPIO17", 17, 11),
        ("gpio17", 17, 11),
        ("BCM18", 18, 12),
        ("sda", 2, 3),
        ("SCL", 3, 5),
        ("mosi", 10, 19),
        ("miso", 9, 21),
        ("sclk", 11, 23),
        ("ce0", 8, 24),
        ("ce1", 7, 26),
        ("txd", 14, 8),
        ("rxd", 15, 10),
        ("40", 21, 40),
    ],
)
def test_pin_names(name, gpio, header):
    spec = resolve_pin(name, board_for_family("rpi4"))
    assert (spec.gpio, spec.header) == (gpio, header)


def test_pin_description_names_both_numbers():
    assert resolve_pin("io17", board_for_family("rpi5")).describe() == "pin 11 (GPIO17)"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("foo", r"unknown pin 'foo'.*'11'.*'io17'.*sda"),
        ("41", r"unknown pin '41'.*pins 1-40"),
        ("6", r"pin 6 .* is GND, not a GPIO"),
        ("1", r"pin 1 .* is 3V3, not a GPIO"),
        ("io28", r"GPIO28 is not on the header"),
    ],
)
def test_bad_pin_names(name, message):
    with pytest.raises(PinInvalid, match=message):
        resolve_pin(name, board_for_family("rpi4"))
