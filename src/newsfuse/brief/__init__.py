"""Briefs: one cited account per story, extractive by default."""
