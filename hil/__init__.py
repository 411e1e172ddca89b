"""Hardware-in-the-loop suite: rig descriptions, a pytest plugin (`--rig`), a mock rig and the tests.

Run on a bench Pi with `pytest hil --rig hil/rigs/pi4-bench.yaml`, or anywhere against the
virtual wiring of `hil/rigs/mock.yaml`. See docs/hil.md.
"""
