"""Quality evaluations on the labelled corpora in ../shared/data."""
