"""Entry point: ``python -m builtin_modules.raspberry_pi <socket> --log-level=X``."""

from builtin_modules.raspberry_pi.board import BOARD_MODELS, PiBoard
from builtin_modules.raspberry_pi.encoder import IncrementalEncoder, SingleEncoder
from builtin_modules.raspberry_pi.motor import GpioMotor
from builtin_modules.raspberry_pi.servo import GpioServo, RpiServo
from builtin_modules.raspberry_pi.stepper import GpioStepper
from builtin_modules.raspberry_pi.ultrasonic import Ultrasonic
from viam import eventloop
from viam.module import Module

if __name__ == "__main__":
    module = Module.from_args()
    for model in BOARD_MODELS:
        module.add_model(PiBoard, model=model)
    for model_class in (GpioMotor, GpioStepper, GpioServo, RpiServo, IncrementalEncoder, SingleEncoder,
                        Ultrasonic):
        module.add_model(model_class)
    eventloop.run(module.serve())
