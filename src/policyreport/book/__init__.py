"""Assembling the book: the chapter table, the staging folder, the persistent Sphinx copy, provenance, running Jupyter Book and xelatex."""
