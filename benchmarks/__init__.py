"""Speed benchmarks (not tests): they print figures, they assert nothing."""
