"""Claims: quotes, numbers, attributions and events, matched across articles."""
