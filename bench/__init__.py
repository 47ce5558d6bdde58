"""Benchmarks for `make bench`: printed figures, never part of the pass/fail test run."""
