"""A second held-out set for the records pipeline, written without reading the extractors
or the first corpus's sources; it reuses the corpus's format, renderers and scorer."""
