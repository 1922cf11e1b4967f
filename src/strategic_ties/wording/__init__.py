"""Sentences for reader text, one module per section (numbers come from the analysis)."""
