"""Modules that ship with the server, each a package with a ``meta.json`` manifest.

The server never imports this package: it reads the manifests (``viam.module.builtin``) and runs
a module as ``python -m <entrypoint> <socket> --log-level=X`` when a config uses one of its
models. Adding one is a manifest plus a ``__main__.py`` that calls ``Module.run_with_models``;
see ``docs/modules.md``.
"""
