"""The corpus in, tables out: terms, similarity, networks, links and findings across documents."""
