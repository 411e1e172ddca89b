"""A Pi booted without Raspberry Pi's firmware revision code still gets its pins (drivers.gpio.revision).

Expected codes are Raspberry Pi's published revision codes for those boards; gpiozero's own
decoder must read them back as the board named in the model string.
"""

from __future__ import annotations

import pytest

from drivers.errors import PinFactoryError
from drivers.gpio import factory, revision, zero


@pytest.mark.parametrize(("model", "mem_kib", "code", "gpiozero_model"), [
    ("Raspberry Pi 3 Model B Rev 1.2", 970_000, 0xA02082, "3B"),
    ("Raspberry Pi 3 Model B Plus Rev 1.3", 970_000, 0xA020D3, "3B+"),
    ("Raspberry Pi 4 Model B Rev 1.4", 3_880_000, 0xC03114, "4B"),
    ("Raspberry Pi 4 Model B Rev 1.5", 7_900_000, 0xD03115, "4B"),
    ("Raspberry Pi 400 Rev 1.0", 3_880_000, 0xC03130, "400"),
    ("Raspberry Pi Compute Module 4 Rev 1.0", 970_000, 0xA03140, "CM4"),
    ("Raspberry Pi Zero 2 W Rev 1.0", 437_000, 0x902120, "Zero2W"),
    ("Raspberry Pi 5 Model B Rev 1.0", 8_200_000, 0xD04170, "5B"),
    ("Raspberry Pi 3 Model B\x00", 1_000_000, 0xA02080, "3B"),  # QEMU's raspi3b: no PCB revision
])
def test_model_string_gives_the_published_revision_code(model, mem_kib, code, gpiozero_model):
    assert revision.revision_for(model, mem_kib) == code
    board = zero.import_module("gpiozero.pins.pi").PiBoardInfo.from_revision(code)
    assert board.model == gpiozero_model


def test_a_board_that_is_not_a_pi_has_no_code(tmp_path):
    assert revision.revision_for("QEMU 'virt' machine", 1_000_000) is None
    model, meminfo = tmp_path / "model", tmp_path / "meminfo"
    model.write_bytes(b"linux,dummy-virt\x00")
    meminfo.write_text("MemTotal:        1000000 kB\n")
    assert revision.revision_from_device_tree(model, meminfo) is None
    assert revision.revision_from_device_tree(tmp_path / "absent", meminfo) is None


class _NoFirmwareCode:
    """A local factory on a machine whose firmware left no revision code (gpiozero raises PinUnknownPi)."""

    code: int | None = None

    def _get_revision(self) -> int:
        if self.code is None:
            raise zero.import_module("gpiozero.exc").PinUnknownPi("unable to locate Pi revision")
        return self.code


def test_local_factory_falls_back_to_the_model_string(tmp_path, monkeypatch):
    model, meminfo = tmp_path / "model", tmp_path / "meminfo"
    model.write_bytes(b"Raspberry Pi 3 Model B Rev 1.2\x00")
    meminfo.write_text("MemTotal:         970000 kB\nMemFree:  1 kB\n")
    monkeypatch.setattr(revision, "MODEL_PATH", model)
    monkeypatch.setattr(revision, "MEMINFO_PATH", meminfo)
    patched = factory._with_model_revision(_NoFirmwareCode)
    assert patched.__name__ == "_NoFirmwareCode" and issubclass(patched, _NoFirmwareCode)
    assert patched()._get_revision() == 0xA02082
    firmware = patched()
    firmware.code = 0xA22082  # the firmware's code wins when there is one
    assert firmware._get_revision() == 0xA22082

    model.write_bytes(b"Some Other Board\x00")
    with pytest.raises(zero.import_module("gpiozero.exc").PinUnknownPi):
        patched()._get_revision()


def test_real_lgpio_factory_gets_past_the_revision_with_a_pi_model(tmp_path, monkeypatch):
    """lgpio's factory reads the revision before it opens the chip: with a Pi model string the
    failure here (no GPIO chip on this host) is the chip's, not PinUnknownPi."""
    pytest.importorskip("lgpio")
    unknown = factory.select_pin_factory
    with pytest.raises(PinFactoryError) as without_model:
        unknown(probe_order=("lgpio",))
    if "PinUnknownPi" not in str(without_model.value):
        pytest.skip(f"this host gives lgpio a revision code: {without_model.value}")
    assert "no revision code from the firmware" in str(without_model.value)

    model, meminfo = tmp_path / "model", tmp_path / "meminfo"
    model.write_bytes(b"Raspberry Pi 3 Model B\x00")
    meminfo.write_text("MemTotal:        1000000 kB\n")
    monkeypatch.setattr(revision, "MODEL_PATH", model)
    monkeypatch.setattr(revision, "MEMINFO_PATH", meminfo)
    try:
        choice = factory.select_pin_factory(probe_order=("lgpio",))
    except PinFactoryError as e:
        assert "PinUnknownPi" not in str(e), e
        assert "lgpio found no GPIO chip" in str(e)
    else:  # a host with a GPIO chip 0 (gpio-sim): then the factory works
        assert choice.factory.board_info.model == "3B"
        choice.factory.close()
