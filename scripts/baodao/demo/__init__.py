"""Fictional districts for demos, tests and benchmarks."""
