"""The I2C bus interface: register helpers, scans, claims and errors, on the fake and real bus."""

from __future__ import annotations

import errno

import pytest

from drivers.errors import AddressInUse, BusError, BusUnavailable, DeviceMissing, InvalidAddress
from drivers.i2c import RegisterDevice8, RegisterDevice16, SMBus2Bus, open_i2c_bus


def test_byte_registers_auto_increment(i2c):
    dev = i2c.attach(0x20, RegisterDevice8())
    i2c.write_block(0x20, 0x10, b"\x01\x02\x03")
    assert bytes(dev.registers[0x10:0x13]) == b"\x01\x02\x03"
    assert i2c.read_byte_data(0x20, 0x11) == 0x02
    assert i2c.read_block(0x20, 0x10, 3) == b"\x01\x02\x03"
    i2c.write_byte_data(0x20, 0x40, 0x1FF)
    assert i2c.read_byte_data(0x20, 0x40) == 0xFF


def test_smbus_words_are_little_endian_and_be_helpers_big_endian(i2c):
    i2c.attach(0x20, RegisterDevice8())
    i2c.write_word_data(0x20, 0x00, 0x1234)
    assert i2c.read_block(0x20, 0x00, 2) == b"\x34\x12"
    assert i2c.read_word_data(0x20, 0x00) == 0x1234
    assert i2c.read_u16_be(0x20, 0x00) == 0x3412


def test_word_registers(i2c):
    dev = i2c.attach(0x40, RegisterDevice16())
    i2c.write_u16_be(0x40, 0x05, 0xABCD)
    assert dev.registers[0x05] == 0xABCD
    assert i2c.read_u16_be(0x40, 0x05) == 0xABCD
    assert i2c.writes_to(0x40) == [b"\x05\xab\xcd", b"\x05"]


def test_read_byte_write_byte(i2c):
    dev = i2c.attach(0x21, RegisterDevice8())
    i2c.write_byte(0x21, 0x07)  # sets the pointer only
    dev.registers[0x07] = 0x5A
    assert i2c.read_byte(0x21) == 0x5A


def test_missing_device_names_address_and_bus(i2c):
    with pytest.raises(DeviceMissing, match=r"^no device at 0x76 on /dev/i2c-1$"):
        i2c.read_byte_data(0x76, 0xD0)


def test_scan_lists_present_devices(i2c):
    i2c.attach(0x76, RegisterDevice8())
    i2c.attach(0x40, RegisterDevice16())
    assert i2c.scan() == [0x40, 0x76]
    i2c.detach(0x40)
    assert i2c.scan() == [0x76]


@pytest.mark.parametrize("address", [0x00, 0x78, 0x100, -1])
def test_bad_address(i2c, address):
    with pytest.raises(InvalidAddress, match="7-bit address within 0x03-0x77"):
        i2c.read_byte(address)


def test_claims_name_the_holder(i2c):
    i2c.claim(0x76, "sensor 'env'")
    i2c.claim(0x76, "sensor 'env'")
    with pytest.raises(AddressInUse, match=r"I2C address 0x76 on /dev/i2c-1 is already used by sensor 'env'"):
        i2c.claim(0x76, "sensor 'other'")
    i2c.release(0x76, "sensor 'env'")
    i2c.claim(0x76, "sensor 'other'")


def test_fake_bus_by_number():
    assert open_i2c_bus(3, fake=True).path == "/dev/i2c-3"


# --- real backend (smbus2), without hardware -------------------------------------------------------


def test_real_bus_missing_node_is_a_clear_error(tmp_path):
    with pytest.raises(BusUnavailable, match=r"I2C bus .*i2c-9 does not exist \(enable I2C"):
        SMBus2Bus(str(tmp_path / "i2c-9"))


class _Nacking:
    """An smbus2.SMBus stand-in whose transfers fail with a chosen errno."""

    def __init__(self, err: int) -> None:
        self.err = err
        self.closed = False

    def i2c_rdwr(self, *msgs):
        raise OSError(self.err, "simulated")

    def close(self):
        self.closed = True


def test_real_bus_maps_nack_to_device_missing():
    bus = SMBus2Bus(1, smbus=_Nacking(errno.EREMOTEIO))
    with pytest.raises(DeviceMissing, match=r"^no device at 0x76 on /dev/i2c-1$"):
        bus.read_byte_data(0x76, 0xD0)
    assert bus.scan(range(0x40, 0x42)) == []


def test_real_bus_other_errors():
    smbus = _Nacking(errno.EBUSY)
    bus = SMBus2Bus("/dev/i2c-1", smbus=smbus)
    with pytest.raises(BusError, match="I2C transfer with 0x40 on /dev/i2c-1 failed"):
        bus.write_u16_be(0x40, 0, 0)
    bus.close()
    bus.close()
    assert smbus.closed
    with pytest.raises(BusUnavailable, match="closed"):
        bus.read_byte(0x40)


def test_real_bus_uses_combined_transfers():
    """write_read must be one I2C_RDWR call (repeated start), with the read message filled in."""
    calls = []

    class Echo:
        def i2c_rdwr(self, *msgs):
            calls.append([(m.addr, m.flags, m.len) for m in msgs])
            read = msgs[-1]
            for i in range(read.len):
                read.buf[i] = bytes([0xA0 + i])

        def close(self):
            pass

    bus = SMBus2Bus(1, smbus=Echo())
    assert bus.read_block(0x76, 0x88, 3) == b"\xa0\xa1\xa2"
    assert len(calls) == 1 and len(calls[0]) == 2
    assert calls[0][0] == (0x76, 0, 1)
    assert calls[0][1][0] == 0x76 and calls[0][1][2] == 3
