"""The Viam BLE provisioning protocol, as the mobile app speaks it: UUIDs, encodings, encryption.

Facts from the reference agent (viamrobotics/agent, subsystems/networking): one GATT service and
one characteristic per key, each UUID a name-based (SHA-1, version 5) UUID of the key in a fixed
namespace. The phone writes each value RSA-OAEP (SHA-256) encrypted to the machine's public key
(read from ``pub_key``, DER SubjectPublicKeyInfo), as ``<hotspot password>:<value>``; a value
with the wrong prefix is dropped. Writing ``exit_provisioning`` hands the collected input over.
Read-only values are capped at 512 bytes (the ATT maximum).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from provisioning.networks import NetworkInfo

NAMESPACE = uuid.UUID("74a942f4-0f45-43f4-88ca-f87021ae36ea")
SERVICE_NAME = "viam-provisioning"
WRITE_ONLY = ("ssid", "psk", "id", "secret", "api_key", "app_address", "exit_provisioning", "unlock_pairing")
READ_ONLY = ("pub_key", "status", "manufacturer", "model", "fragment_id", "networks", "errors", "agent_version")
MAX_VALUE = 512


def key_uuid(name: str) -> str:
    """The UUID of the service (``viam-provisioning``) or of a characteristic, as BlueZ writes it."""
    return str(uuid.uuid5(NAMESPACE, name))


SERVICE_UUID = key_uuid(SERVICE_NAME)


class DecryptError(ValueError):
    """A written value could not be decrypted, or did not carry the pre-shared key."""


class Decryptor:
    """The machine's RSA key pair for one provisioning session (made on first use)."""

    def __init__(self, psk: str) -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa

        self.psk = psk
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def public_der(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self._key.public_key().public_bytes(serialization.Encoding.DER,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)

    def decrypt(self, ciphertext: bytes) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        try:
            plain = self._key.decrypt(bytes(ciphertext), padding.OAEP(
                mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
        except ValueError:
            raise DecryptError("cannot decrypt the value (not RSA-OAEP/SHA-256 for this machine's key)") from None
        text = plain.decode("utf-8", "replace")
        psk, sep, value = text.partition(":")
        if not sep:
            raise DecryptError("decrypted value is missing the pre-shared key")
        if psk != self.psk:
            raise DecryptError("decrypted value has an invalid pre-shared key")
        return value


def encode_status(configured: bool, online: bool) -> bytes:
    return bytes([(1 if configured else 0) | (2 if online else 0)])


def encode_networks(networks: Iterable[NetworkInfo]) -> bytes:
    """Each network: one byte (signal 0-100, bit 7 = secured), the SSID, a NUL; whole ones only."""
    out = bytearray()
    for net in networks:
        meta = max(0, min(100, int(net.signal)))
        if net.security not in ("", "-"):
            meta |= 0x80
        item = bytes([meta]) + net.ssid.encode() + b"\0"
        if len(item) > MAX_VALUE - len(out):
            break
        out += item
    return bytes(out)


def encode_errors(errors: Iterable[str]) -> bytes:
    out = bytearray()
    for error in errors:
        item = error.encode() + b"\0"
        if len(item) > MAX_VALUE - len(out):
            break
        out += item
    return bytes(out)


def parse_bool(text: str) -> bool:
    """Go's strconv.ParseBool forms, which ``unlock_pairing`` is read with."""
    value = text.strip()
    if value in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if value in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(f"expected a boolean (0, 1, true, false), got {text!r}")


@dataclass
class Input:
    """What the phone wrote so far in this session."""

    ssid: str = ""
    psk: str = ""
    part_id: str = ""
    secret: str = ""
    app_address: str = ""
    api_key: dict[str, str] | None = None

    def record(self, key: str, value: str) -> None:
        if key == "ssid":
            self.ssid = value
        elif key == "psk":
            self.psk = value
        elif key == "id":
            self.part_id = value
        elif key == "secret":
            self.secret = value
        elif key == "app_address":
            self.app_address = value
        elif key == "api_key":
            self.api_key = parse_api_key(value)


def parse_api_key(value: str) -> dict[str, str] | None:
    """``{"id": ..., "key": ...}`` with both set, else None (the reference ignores partial keys)."""
    try:
        doc = json.loads(value)
    except ValueError:
        return None
    if isinstance(doc, dict) and isinstance(doc.get("id"), str) and isinstance(doc.get("key"), str) \
            and doc["id"] and doc["key"]:
        return {"id": doc["id"], "key": doc["key"]}
    return None
