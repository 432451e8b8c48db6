"""The records test corpus: annotated documents, their renderers and the scorer."""
