"""Checkers for the notebook exercises, one module per lesson: each raises AssertionError with a
hint."""
