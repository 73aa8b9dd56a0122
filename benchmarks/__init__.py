"""Benchmarks of torchenv_magic against its budgets (issue 7); run ``python benchmarks/run.py``."""
