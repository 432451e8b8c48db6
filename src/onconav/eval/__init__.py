"""onconav's own question set and the ``onconav eval`` runner."""
