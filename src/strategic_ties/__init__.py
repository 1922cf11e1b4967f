"""strategic-ties: parameterised briefings on the strategic ties between two countries."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("strategic-ties")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
