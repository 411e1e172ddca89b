"""Helpers shared by the hardware built-in modules: attribute parsing, bus selection, local look-ups.

Not a module itself (no ``meta.json``).
"""
