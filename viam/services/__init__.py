"""Service APIs (``rdk:service:*``): same layout as ``viam.components``."""
