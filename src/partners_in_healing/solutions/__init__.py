"""Solutions to the notebook exercises, one module per lesson (checked by the tests)."""
