"""Web app and HTTP API (the `web` extra)."""
