"""Prepare a corpus: read, clean, de-duplicate, segment, tokenize, cache."""
