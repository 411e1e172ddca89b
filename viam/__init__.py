"""On-device robotics runtime that speaks Viam's gRPC API."""

__version__ = "0.1.0"
