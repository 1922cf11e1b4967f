"""Errors a user can cause. The CLI prints their message as one sentence and exits with code 2."""


class UserError(Exception):
    """Bad input from the user: a parameter, a usage mistake, missing or corrupt data."""

    exit_code = 2

    def _render_traceback_(self) -> list[str]:
        """IPython's hook: in a notebook (e.g. plain papermill) show the sentence alone, not a
        traceback through pydantic and the package."""
        return [f"{type(self).__name__}: {self}"]


class ParameterError(UserError, ValueError):
    """A report parameter has a value that is not accepted."""


class UnknownCountryError(ParameterError):
    """A country name or code that the package cannot map to a state."""


class DataError(UserError):
    """A processed dataset is missing, truncated, tampered with or does not match its schema."""
