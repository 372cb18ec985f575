"""One document in, tables out: metadata, structure, figures, citations, entities, codes."""
