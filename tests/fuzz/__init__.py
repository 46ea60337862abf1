"""Fuzz and leak tests (see test_fuzz.py and test_leaks.py)."""
