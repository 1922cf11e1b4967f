"""strategic-ties: parameterised briefings on the strategic ties between two countries."""

from functools import cache


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("strategic-ties")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"


def __getattr__(name: str) -> str:
    # `__version__` is looked up on demand: importlib.metadata costs ~40 ms of every kernel's
    # and CLI's start-up, and only the build cache and `--version` need it.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'strategic_ties' has no attribute {name!r}")
