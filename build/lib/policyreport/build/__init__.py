"""The build: stage the book, execute notebooks, run Sphinx and xelatex, publish, cache."""
