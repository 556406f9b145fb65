"""Command-line interface: `newsfuse` and its commands."""

from newsfuse.cli import brief_commands as _brief_commands  # noqa: F401 - registers commands
from newsfuse.cli import claims_commands as _claims_commands  # noqa: F401 - registers commands
from newsfuse.cli import fetch_commands as _fetch_commands  # noqa: F401 - registers commands
from newsfuse.cli import outlets_commands as _outlets_commands  # noqa: F401 - registers commands
from newsfuse.cli import provenance_commands as _provenance_commands  # noqa: F401 - registers commands
from newsfuse.cli import serve_command as _serve_command  # noqa: F401 - registers commands
from newsfuse.cli import story_commands as _story_commands  # noqa: F401 - registers commands
from newsfuse.cli.app import app

__all__ = ["app"]
