"""Command-line interface."""

from newsfuse.cli.app import app

__all__ = ["app"]
