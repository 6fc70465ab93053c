"""Counting and positional statistics over a prepared corpus."""
