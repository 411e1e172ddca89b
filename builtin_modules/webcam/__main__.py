"""Entry point: ``python -m builtin_modules.webcam <socket> --log-level=X``."""

from builtin_modules.webcam.webcam import PiCamera, Webcam
from viam.module import Module

if __name__ == "__main__":
    Module.run_with_models(Webcam, PiCamera)
