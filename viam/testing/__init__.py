"""Test helpers for this project and for module authors (also a pytest plugin: ``viam.testing.plugin``)."""
