"""A fourth held-out set for the records pipeline, written without reading the extractors,
the ingesters or the other sets' sources; it uses the corpus's format and machinery."""
