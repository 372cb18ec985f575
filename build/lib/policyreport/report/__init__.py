"""What the report shows: stored results, Markdown, charts, citations and the chapter views."""
