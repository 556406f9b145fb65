"""newsfuse: from many news articles to stories a person can trust."""

__version__ = "0.1.0"
