"""Errors that carry a message a user can act on.

Every exception raised to a user says what went wrong and how to fix it; the
CLI prints ``str(error)`` and exits, it never shows a traceback for these.
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """Base class: a problem the user can fix, with the fix in the message."""


class InputError(NewsfuseError):
    """An input path or record cannot be read."""


class RecordError(NewsfuseError):
    """One record is unusable; the batch goes on and the record is rejected."""


class StoreError(NewsfuseError):
    """The store cannot be opened, migrated or written."""


class MissingDependencyError(NewsfuseError):
    """An optional package (extra or model) is not installed."""

    def __init__(self, what: str, install: str, lighter: str | None = None) -> None:
        message = f"{what} is not installed. Install it with: {install}"
        if lighter:
            message += f". Or use the lighter path: {lighter}"
        super().__init__(message)
        self.install = install
