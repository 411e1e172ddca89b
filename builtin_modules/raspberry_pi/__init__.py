"""Built-in module ``builtin-raspberry-pi``: the Pi board and the models wired to its pins.

Board ``viam:raspberry-pi:rpi`` (+ ``rpi4``, ``rpi5``, ...), motor ``rdk:builtin:gpio``,
encoders ``rdk:builtin:incremental``/``single`` and servo ``rdk:builtin:gpio`` share one module
process: they share the board's pin factory, its reservations and its edge callbacks, which a
separate process could not (see docs/hardware.md).
"""
