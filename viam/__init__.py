"""On-device robotics runtime that speaks Viam's gRPC API."""

__version__ = "0.1.0"
VIAM_PI = True  # this package is viam-pi's, not the official SDK's (viam_pi.check reads this line)
