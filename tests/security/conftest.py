"""Module fixtures (executable wrappers, a private VIAM_HOME) shared with tests/modules."""

from tests.modules.conftest import _viam_home, our_module, sdk_module  # noqa: F401 - pytest fixtures
