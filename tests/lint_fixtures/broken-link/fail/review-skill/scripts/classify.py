"""Marks each commit of a branch as fold or keep."""
