"""Wi-Fi provisioning for viam-agent: NetworkManager wrapper, hotspot state machine, portal, gRPC API.

Import nothing heavy here: importing the package must not touch D-Bus or the network.
"""

from provisioning.errors import (
    ConnectFailedError,
    InvalidInputError,
    NetworkManagerError,
    ProvisioningError,
    SettingsError,
)

__all__ = [
    "ConnectFailedError",
    "InvalidInputError",
    "NetworkManagerError",
    "ProvisioningError",
    "SettingsError",
]
