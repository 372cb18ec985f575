"""Code that runs inside Sphinx: the site's extension, LaTeX front matter, glyph classes, search, lookups done once."""
