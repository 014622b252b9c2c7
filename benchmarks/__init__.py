"""Benchmarks (run as modules, e.g. ``python -m benchmarks.search``); not part of the test suite."""
